import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalClaims, SharedClaims } from '../../src/bot/activity-claims';
import { DedupeMiddleware } from '../../src/bot/dedupe-middleware';
import { RecentIds } from '../../src/bot/recent-ids';
import { SqliteStorage } from '../../src/storage/sqlite-storage';

/** Two instances sharing one storage, on one clock the test moves. */
function twoInstances() {
  const storage = new SqliteStorage(join(mkdtempSync(join(tmpdir(), 'passerelle-claims-')), 'state.sqlite'));
  let now = 1_000_000;
  const clock = () => now;
  const instance = () => new SharedClaims(storage, new LocalClaims(new RecentIds(), 10_000, clock), 10_000, clock);
  return { a: instance(), b: instance(), advance: (ms: number) => (now += ms) };
}

describe('repeated-activity claims', () => {
  it('an answered activity is a repeat everywhere', async () => {
    const { a, b } = twoInstances();
    const claim = await a.claim(['msteams|c|1']);
    await claim!.done();
    expect(await a.claim(['msteams|c|1'])).toBeUndefined();
    expect(await b.claim(['msteams|c|1'])).toBeUndefined();
  });

  it('a failed turn releases its claim: the redelivery is answered', async () => {
    const { a, b } = twoInstances();
    await (await a.claim(['msteams|c|2']))!.release();
    expect(await b.claim(['msteams|c|2'])).toBeDefined();
  });

  it('a crash mid-turn leaves a lease: a redelivery during it is dropped, one after it is answered once', async () => {
    const { a, b, advance } = twoInstances();
    expect(await a.claim(['msteams|c|3'])).toBeDefined(); // the instance dies before done or release
    advance(5_000);
    expect(await b.claim(['msteams|c|3'])).toBeUndefined(); // the first turn may still be running
    advance(10_000); // Teams redelivers after about 15 s
    const taken = await b.claim(['msteams|c|3']);
    expect(taken).toBeDefined();
    const other = twoInstances(); // unrelated storage: no effect
    expect(await other.b.claim(['msteams|c|3'])).toBeDefined();
    await taken!.done();
    advance(60_000);
    expect(await a.claim(['msteams|c|3'])).toBeUndefined();
  });

  it('the middleware releases the claim when the turn throws, and keeps it when it succeeds', async () => {
    const claims = new LocalClaims();
    const middleware = new DedupeMiddleware(claims);
    const context = { activity: { id: 'x', channelId: 'msteams', conversation: { id: 'c' } } } as never;
    await expect(middleware.onTurn(context, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    let ran = 0;
    await middleware.onTurn(context, async () => void ran++);
    await middleware.onTurn(context, async () => void ran++);
    expect(ran).toBe(1);
  });
});
