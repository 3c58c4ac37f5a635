import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ReferralStore } from '../../src/referrals/referral-store';
import { Referral } from '../../src/referrals/referral-schema';
import { SqliteStorage, STATE_FILE } from '../../src/storage/sqlite-storage';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';
import { postActivity, startServerProcess, waitFor, type ServerProcess } from './server-process';

/**
 * The server killed with SIGKILL (no shutdown, no checkpoint) while caseworkers are making
 * referrals: the SQLite file must be intact, and every referral whose creation the server
 * acknowledged (HTTP 200 with "Référence PAS-… créée.") must be there after a restart.
 */
const WORKERS = 8;
/** The kill comes once this many referrals were acknowledged, with flows still going. */
const KILL_AFTER_ACKNOWLEDGED = 60;
const CREATED = /Référence (PAS-[0-9A-Z]{4}-[0-9A-Z]{4}) créée\./;

describe('kill -9 during referrals', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-kill9-'));
  const env = { DATA_DIR: dataDir, KNOWLEDGE_DIR: REAL_KNOWLEDGE };
  let first: ServerProcess | undefined;
  let second: ServerProcess | undefined;

  afterAll(async () => {
    await first?.stop('SIGKILL');
    await second?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the database intact and every acknowledged referral', async () => {
    first = await startServerProcess(env);
    const server = first;
    /** reference → caseworker, for each creation the server acknowledged. */
    const acknowledged = new Map<string, string>();
    let killed = false;
    let inFlight = 0;
    /** "Oui" answers in flight: the turns that write a referral. */
    let consentsInFlight = 0;
    let inFlightAtKill = -1;
    const lostAtKill: string[] = [];
    const unexpected: string[] = [];

    /** One caseworker making referrals one after the other, in the emulator channel (local mode: caseworkers). */
    async function worker(w: number): Promise<void> {
      const caseworker = `kill9-caseworker-${w}`;
      for (let n = 0; !killed; n++) {
        const conversation = { id: `kill9-${w}-${n}` };
        const say = async (fields: Record<string, unknown>) => {
          inFlight += 1;
          try {
            return await postActivity(server.url, { type: 'message', channelId: 'emulator', conversation, from: { id: caseworker }, ...fields });
          } finally {
            inFlight -= 1;
          }
        };
        try {
          const preview = await say({ value: { verb: 'refer', offeringId: 'francisation-quebec' } });
          if (preview.status !== 200 || !preview.texts.some((t) => /Dans quelle langue/.test(t)))
            throw new Error(`preview: ${preview.status} ${preview.body.slice(0, 300)}`);
          const consent = await say({ text: 'Lettre en français' });
          if (consent.status !== 200 || !consent.texts.some((t) => /consent/.test(t)))
            throw new Error(`consent: ${consent.status} ${consent.body.slice(0, 300)}`);
          consentsInFlight += 1;
          const created = await say({ text: 'Oui' }).finally(() => (consentsInFlight -= 1));
          const reference = created.texts.map((t) => CREATED.exec(t)?.[1]).find(Boolean);
          if (created.status !== 200 || !reference) throw new Error(`created: ${created.status} ${created.body.slice(0, 300)}`);
          acknowledged.set(reference, caseworker);
        } catch (e) {
          // After the kill, requests in flight fail: that is the point. Before it, nothing may.
          if (killed) lostAtKill.push(String((e as Error).cause ?? e));
          else unexpected.push(String(e));
          return;
        }
      }
    }

    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
    // Killed while referrals are being written: enough acknowledged, and a consent ("Oui") turn in flight.
    await waitFor(
      () => (acknowledged.size >= KILL_AFTER_ACKNOWLEDGED && consentsInFlight > 0) || unexpected.length > 0,
      `${KILL_AFTER_ACKNOWLEDGED} acknowledged referrals`,
      40_000,
      1,
    );
    expect(unexpected).toEqual([]);
    inFlightAtKill = inFlight;
    const consentsInFlightAtKill = consentsInFlight;
    killed = true;
    const acknowledgedBeforeKill = acknowledged.size;
    server.child.kill('SIGKILL');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await Promise.all(workers);
    // Answers that were already on their way may still have arrived after the signal: they count too.
    expect(inFlightAtKill).toBeGreaterThan(0);

    // The file as the killed process left it (with its WAL): SQLite's own check.
    const db = new Database(join(dataDir, STATE_FILE));
    const integrity = db.pragma('integrity_check', { simple: true });
    db.close();
    expect(integrity).toBe('ok');

    second = await startServerProcess(env);
    const ready = await fetch(`${second.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');

    // What the restarted server's storage holds: every acknowledged reference, each complete.
    const storage = SqliteStorage.inDataDir(dataDir);
    let stored: Referral[];
    let indexed: number;
    try {
      stored = await new ReferralStore(storage).all();
      const index = (await storage.read(['referrals/index']))['referrals/index'] as { entries: { id: string }[] };
      indexed = index.entries.length;
    } finally {
      storage.close();
    }
    const references = new Map(stored.map((r) => [r.reference, r]));
    const missing = [...acknowledged.keys()].filter((ref) => !references.has(ref));
    expect(missing).toEqual([]);
    for (const [ref, caseworker] of acknowledged) {
      expect(references.get(ref)).toMatchObject({
        caseworkerId: caseworker,
        offeringId: 'francisation-quebec',
        language: 'fr',
        channel: 'emulator',
        status: 'created',
      });
    }
    // The index names no referral whose item is missing (items are written first).
    expect(stored.length).toBe(indexed);

    // The restarted server serves them: each caseworker's "mes références" counts theirs.
    for (let w = 0; w < WORKERS; w++) {
      const caseworker = `kill9-caseworker-${w}`;
      const mine = stored.filter((r) => r.caseworkerId === caseworker).length;
      const listed = await postActivity(second.url, {
        type: 'message',
        channelId: 'emulator',
        conversation: { id: `kill9-list-${w}` },
        from: { id: caseworker },
        text: 'mes références',
      });
      expect(listed.status).toBe(200);
      const count = mine === 0 ? /aucune référence/ : mine === 1 ? /Vous avez 1 référence/ : new RegExp(`Vous avez ${mine} références`);
      expect(listed.texts.join('\n')).toMatch(count);
    }

    console.log(
      JSON.stringify({
        acknowledgedBeforeKill,
        acknowledgedInAll: acknowledged.size,
        inFlightAtKill,
        consentsInFlightAtKill,
        flowsCutByKill: lostAtKill.length,
        storedAfterRestart: stored.length,
        acknowledgedFoundAfterRestart: acknowledged.size - missing.length,
        storedButNeverAcknowledged: stored.length - acknowledged.size,
        integrity,
      }),
    );
    const stopped = await second.stop();
    expect(stopped).toEqual({ code: 0, signal: null });
  }, 55_000);
});
