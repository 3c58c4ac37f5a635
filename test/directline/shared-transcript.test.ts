import type { Activity } from 'botbuilder';
import { ConversationStore } from '../../src/directline/conversation-store';
import { purgeIdleTranscripts, SharedTranscript, TRANSCRIPT_PREFIX } from '../../src/directline/shared-transcript';
import { SqliteStorage } from '../../src/storage/sqlite-storage';

/** Two instances' stores of the built-in channel on one shared storage (an in-memory SQLite here). */
function twoInstances(storage = new SqliteStorage(':memory:'), now = Date.now) {
  const instance = () =>
    new ConversationStore({
      maxConversations: 10,
      idleMs: 60_000,
      now,
      shared: {
        pollMs: 60_000, // polled by hand below
        transcript: (conversationId, userId, locale) =>
          new SharedTranscript(storage, { conversationId, userId, locale, maxActivities: 200, numbering: () => 1_000, now }),
      },
    });
  return { storage, a: instance(), b: instance() };
}

const texts = (activities: Partial<Activity>[]) => activities.map((a) => a.text);

describe('shared web chat transcripts', () => {
  it('numbers the activities of one conversation once across instances, and each instance reads them all', async () => {
    const { a, b } = twoInstances();
    const onA = a.open('c1', 'u1', 'fr');
    const onB = b.open('c1', 'u1', 'fr');
    const first = await onA.append({ type: 'message', text: 'one' });
    const [second, third] = await Promise.all([onB.append({ type: 'message', text: 'two' }), onA.append({ type: 'message', text: 'three' })]);
    const ids = [first.id, second.id, third.id];
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => /^c1\|\d+$/.test(id!))).toBe(true);
    for (const store of [a, b]) {
      const all = await store.get('c1')!.since(undefined);
      expect(texts(all.activities).sort()).toEqual(['one', 'three', 'two']);
      expect(all.watermark).toBe('1002');
      expect(texts((await store.get('c1')!.since('1000')).activities)).toHaveLength(2);
    }
  });

  it('pushes to a stream on one instance what was posted and answered on the other, in order', async () => {
    const { a, b } = twoInstances();
    const streamedOnA = a.open('c1', 'u1', 'en');
    const pushed: Partial<Activity>[] = [];
    const watermarks: (string | undefined)[] = [];
    streamedOnA.subscribe((group) => {
      pushed.push(...group.activities);
      watermarks.push(group.watermark);
    });
    await streamedOnA.since(undefined); // the stream's backlog: nothing yet
    const onB = b.open('c1', 'u1', 'en');
    await onB.append({ type: 'message', text: 'question on B' });
    await onB.appendAll([
      { type: 'message', text: 'answer 1' },
      { type: 'message', text: 'answer 2' },
    ]);
    expect(pushed).toEqual([]); // A has not looked yet
    await a.poll();
    expect(texts(pushed)).toEqual(['question on B', 'answer 1', 'answer 2']);
    expect(watermarks.at(-1)).toBe('1002');
    // A posts next: what B stored meanwhile goes out first.
    await onB.append({ type: 'message', text: 'from B' });
    await streamedOnA.append({ type: 'message', text: 'from A' });
    expect(texts(pushed).slice(3)).toEqual(['from B', 'from A']);
    await a.poll();
    expect(pushed).toHaveLength(5); // nothing pushed twice
  });

  it('starts a conversation once across instances (one welcome)', async () => {
    const { a, b } = twoInstances();
    const results = await Promise.all([a.open('c1', 'u', undefined).start(), b.open('c1', 'u', undefined).start()]);
    expect(results.sort()).toEqual([false, true]);
  });

  it('keeps the transcript across a restart: a client resuming from its watermark gets what came after', async () => {
    const storage = new SqliteStorage(':memory:');
    const before = twoInstances(storage).a.open('c1', 'u1', 'fr');
    await before.append({ type: 'message', text: 'before' });
    const { watermark } = await before.since(undefined);
    const after = twoInstances(storage).a.open('c1', 'u1', 'fr'); // a new process: nothing in memory
    const next = await after.append({ type: 'message', text: 'after' });
    expect(Number(next.id!.split('|')[1])).toBe(Number(watermark) + 1);
    expect(texts((await after.since(watermark)).activities)).toEqual(['after']);
    expect(texts((await after.since(undefined)).activities)).toEqual(['before', 'after']);
  });

  it('replaces a card in place for reconnecting clients and pushes the update to the other instance', async () => {
    const { a, b } = twoInstances();
    const onA = a.open('c1', 'u1', undefined);
    const card = await onA.append({ type: 'message', text: 'question' });
    const onB = b.open('c1', 'u1', undefined);
    const pushedToB: Partial<Activity>[] = [];
    await onB.since(undefined);
    onB.subscribe((g) => pushedToB.push(...g.activities));
    expect(await onA.replace({ id: card.id!, type: 'message', text: 'answered' })).toBe(true);
    await b.poll();
    expect(pushedToB).toEqual([expect.objectContaining({ id: card.id, text: 'answered' })]);
    expect((await onB.since(undefined)).activities[0]).toEqual(expect.objectContaining({ id: card.id, text: 'answered' }));
    expect(await onA.replace({ id: 'c1|999', type: 'message' })).toBe(false);
  });

  it('a number taken by an instance that stopped before storing it holds the watermark for a while, then is skipped', async () => {
    let t = 1_000_000;
    const { storage, a } = twoInstances(new SqliteStorage(':memory:'), () => t);
    const c = a.open('c1', 'u1', undefined);
    await c.append({ type: 'message', text: 'one' });
    // Another instance took number 1001 and stopped before storing its activity.
    const head = (await storage.read([`${TRANSCRIPT_PREFIX}c1`]))[`${TRANSCRIPT_PREFIX}c1`]!;
    await storage.write({ [`${TRANSCRIPT_PREFIX}c1`]: { ...head, next: 1002 } });
    await storage.write({ [`${TRANSCRIPT_PREFIX}c1/1001`]: { eTag: '*' } }); // not an activity: as if absent
    await storage.delete([`${TRANSCRIPT_PREFIX}c1/1001`]);
    expect(await c.since(undefined)).toEqual({ activities: [expect.objectContaining({ text: 'one' })], watermark: '1000' });
    t += 11_000;
    expect((await c.since(undefined)).watermark).toBe('1001');
    const next = await c.append({ type: 'message', text: 'two' });
    expect(next.id).toBe('c1|0001002');
  });

  it('deletes idle conversations with their bot state, and leaves conversations in use alone', async () => {
    const storage = new SqliteStorage(':memory:');
    const { a } = twoInstances(storage);
    await a.open('idle', 'u-idle', undefined).append({ type: 'message', text: 'old' });
    await storage.write({ 'directline/conversations/idle/': { dialogState: {}, eTag: '*' }, 'directline/users/u-idle/': { profile: {}, eTag: '*' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cut = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await a.open('busy', 'u-busy', undefined).append({ type: 'message', text: 'new' });
    await storage.write({ 'directline/conversations/busy/': { dialogState: {}, eTag: '*' } });
    expect(await purgeIdleTranscripts(storage, cut, 'directline')).toBe(1);
    expect(await storage.keysOlderThan('directline/', new Date(Date.now() + 1000))).toEqual([
      'directline/conversations/busy/',
      `${TRANSCRIPT_PREFIX}busy`,
      expect.stringMatching(new RegExp(`^${TRANSCRIPT_PREFIX}busy/\\d+$`)),
    ]);
  });
});
