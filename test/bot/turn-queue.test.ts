import { dedupeKeys } from '../../src/bot/dedupe-middleware';
import { cutMessage } from '../../src/bot/input-limit';
import { RecentIds } from '../../src/bot/recent-ids';
import { QueueFullError, TurnQueue } from '../../src/bot/turn-queue';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TurnQueue', () => {
  test('turns of one key run one at a time, in order; a failing turn does not block the next', async () => {
    const queue = new TurnQueue();
    const events: string[] = [];
    const turn =
      (name: string, ms: number, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await sleep(ms);
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([queue.run('c', turn('a', 30, true)), queue.run('c', turn('b', 1)), queue.run('c', turn('c', 1))]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(queue.busy).toBe(0);
  });

  test('different keys run concurrently', async () => {
    const queue = new TurnQueue();
    const events: string[] = [];
    const turn = (name: string) => async () => {
      events.push(`start ${name}`);
      await sleep(10);
      events.push(`end ${name}`);
    };
    await Promise.all([queue.run('x', turn('x')), queue.run('y', turn('y'))]);
    expect(events.slice(0, 2)).toEqual(['start x', 'start y']);
  });

  test('too many waiting turns in one conversation are refused; idle() waits for the rest', async () => {
    const queue = new TurnQueue(2);
    let done = 0;
    const slow = async () => {
      await sleep(10);
      done++;
    };
    const a = queue.run('c', slow);
    const b = queue.run('c', slow);
    await expect(queue.run('c', slow)).rejects.toBeInstanceOf(QueueFullError);
    await queue.idle();
    expect(done).toBe(2);
    await Promise.all([a, b]);
  });
});

describe('RecentIds and dedupe keys', () => {
  test('forgets after the time to live, and beyond the size limit', () => {
    const ids = new RecentIds(1000, 2);
    ids.add('a', 0);
    expect(ids.has('a', 999)).toBe(true);
    expect(ids.has('a', 1000)).toBe(false);
    ids.add('x', 2000);
    ids.add('y', 2000);
    ids.add('z', 2000);
    expect([ids.has('x', 2000), ids.has('y', 2000), ids.has('z', 2000)]).toEqual([false, true, true]);
  });

  test('keys are the activity id and Web Chat clientActivityID, scoped to the conversation', () => {
    expect(dedupeKeys({ id: '1', channelId: 'webchat', conversation: { id: 'c' } as never, channelData: { clientActivityID: 'w' } })).toEqual([
      'webchat|c|1',
      'webchat|c|w',
    ]);
    expect(dedupeKeys({ channelId: 'webchat', conversation: { id: 'c' } as never })).toEqual([]);
  });
});

describe('input limits', () => {
  test('cut at 4,000 characters without splitting a surrogate pair', () => {
    expect(cutMessage('abc')).toEqual({ text: 'abc', cut: false });
    const emoji = `${'a'.repeat(3999)}😀`;
    expect(cutMessage(emoji)).toEqual({ text: 'a'.repeat(3999), cut: true });
  });
});
