import { ConversationStore } from '../../src/directline/conversation-store';
import { RateLimiter } from '../../src/server/rate-limiter';
import { TokenService } from '../../src/directline/token-service';

describe('TokenService', () => {
  let now = new Date('2026-11-29T12:00:00Z');
  const tokens = new TokenService('a-secret-of-at-least-thirty-two-characters', 1800, () => now);

  it('binds a user and a conversation until expiry, then says expired', () => {
    const { token } = tokens.issue({ conversationId: 'c1', userId: 'dl_u1', locale: 'en' });
    expect(tokens.check(`Bearer ${token}`)).toEqual({
      ok: true,
      grant: { conversationId: 'c1', userId: 'dl_u1', locale: 'en', expiresAt: now.getTime() / 1000 + 1800 },
    });
    now = new Date(now.getTime() + 1800_000);
    expect(tokens.check(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses tokens signed with another key and any malformed value', () => {
    const other = new TokenService('another-secret-of-at-least-thirty-two-chars', 1800, () => now);
    const { token } = other.issue({ conversationId: 'c1', userId: 'dl_u1' });
    expect(tokens.check(token)).toEqual({ ok: false, reason: 'invalid' });
    for (const bad of ['', 'Bearer ', 'a.b.c', 'nodot', '.', 'Bearer x.y', `${Buffer.from('[1,2]').toString('base64url')}.sig`]) {
      expect(tokens.check(bad).ok).toBe(false);
    }
    expect(tokens.check(undefined)).toEqual({ ok: false, reason: 'missing' });
  });

  it('without a configured key, tokens do not survive a restart (a new random key)', () => {
    const a = new TokenService(undefined, 60);
    const b = new TokenService(undefined, 60);
    expect(b.check(a.issue({ conversationId: 'c', userId: 'u' }).token)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('RateLimiter', () => {
  it('allows perMinute at once, then refills continuously, per key', () => {
    let t = 0;
    const limiter = new RateLimiter(3, () => t);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take('b').ok).toBe(true);
    t += 20_000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });
});

describe('ConversationStore', () => {
  it('numbers activities, answers from a watermark, trims the oldest past the cap', async () => {
    const store = new ConversationStore({ maxConversations: 10, idleMs: 1000, maxActivities: 3, numbering: () => 0 });
    const c = store.open('c1', 'u1', 'fr');
    expect(await c.since(undefined)).toEqual({ activities: [], watermark: undefined });
    for (const text of ['a', 'b', 'c', 'd']) await c.append({ type: 'message', text });
    expect((await c.since(undefined)).activities.map((a) => a.text)).toEqual(['b', 'c', 'd']);
    expect(await c.since('1')).toEqual({
      activities: [expect.objectContaining({ text: 'c', id: 'c1|0000002' }), expect.objectContaining({ text: 'd' })],
      watermark: '3',
    });
    expect((await c.since('3')).activities).toEqual([]);
    expect((await c.since('junk')).activities).toHaveLength(3);
  });

  it('numbers a conversation opened again (a restart, another instance) above every id and watermark it had', async () => {
    const before = new ConversationStore({ maxConversations: 10, idleMs: 1000 }).open('c1', 'u1', 'fr');
    const ids = [(await before.append({ type: 'message', text: 'a' })).id, (await before.append({ type: 'message', text: 'b' })).id];
    const watermark = (await before.since(undefined)).watermark!;
    const after = new ConversationStore({ maxConversations: 10, idleMs: 1000, now: () => Date.now() + 2_000 }).open('c1', 'u1', 'fr');
    const again = await after.append({ type: 'message', text: 'c' });
    expect(ids).not.toContain(again.id);
    expect(Number(again.id!.split('|')[1])).toBeGreaterThan(Number(watermark));
    // A client resuming from its old watermark gets what came after the restart.
    expect((await after.since(watermark)).activities.map((a) => a.text)).toEqual(['c']);
  });

  it('replaces an activity in place and pushes the new version to listeners', async () => {
    const store = new ConversationStore({ maxConversations: 10, idleMs: 1000 });
    const c = store.open('c1', 'u1', undefined);
    const pushed: unknown[] = [];
    const stored = await c.append({ type: 'message', text: 'question' });
    c.subscribe((g) => pushed.push(...g.activities));
    expect(await c.replace({ id: stored.id!, type: 'message', text: 'answered' })).toBe(true);
    expect((await c.since(undefined)).activities).toEqual([expect.objectContaining({ text: 'answered' })]);
    expect(pushed).toEqual([expect.objectContaining({ text: 'answered' })]);
    expect(await c.replace({ id: 'nope', type: 'message' })).toBe(false);
  });

  it('starts a conversation once: the welcome runs for the first call only', async () => {
    const c = new ConversationStore({ maxConversations: 10, idleMs: 1000 }).open('c1', 'u1', undefined);
    expect([await c.start(), await c.start()]).toEqual([true, false]);
    const posted = new ConversationStore({ maxConversations: 10, idleMs: 1000 }).open('c2', 'u2', undefined);
    await posted.append({ type: 'message', text: 'first message before any start' });
    expect(await posted.start()).toBe(false);
  });

  it('never forgets a conversation with an open stream, refuses new ones at capacity, forgets idle ones', () => {
    let t = 0;
    const forgotten: string[] = [];
    const store = new ConversationStore({ maxConversations: 2, idleMs: 1000, now: () => t, onForget: (c) => forgotten.push(c.id) });
    const listening = store.open('a', 'ua', undefined);
    const unsubscribe = listening.subscribe(() => undefined);
    store.open('b', 'ub', undefined);
    t = 5000;
    store.open('a', 'ua', undefined);
    expect(store.open('c', 'uc', undefined).id).toBe('c');
    expect(forgotten).toEqual(['b']);
    expect(() => store.open('d', 'ud', undefined)).toThrow('too many web chat conversations');
    unsubscribe();
    t = 10_000;
    expect(store.sweep()).toBe(2);
    expect(store.size).toBe(0);
  });
});
