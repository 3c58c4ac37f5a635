/**
 * `npm run bench:webchat-shared`: what shared web chat transcripts (WEBCHAT_TRANSCRIPTS=storage,
 * the default with STORAGE=blob) cost against transcripts in memory, on one instance over Azurite
 * on this machine, in the same run: storage calls and time per message (post → the bot's reply
 * read back), and the time of one poll (an open stream's look for other instances' activities).
 * Writes bench/results/webchat-shared.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { SharedTranscript } from '../src/directline/shared-transcript';
import { BlobStateStorage } from '../src/storage/blob-storage';
import type { AppStorage } from '../src/storage/create-storage';
import { Azurite } from '../test/helpers/azurite';
import { startServer } from '../test/server/harness';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 60);
const POLLS = Number(process.env.BENCH_POLLS ?? 300);
const SECRET = 'a-secret-shared-by-every-instance-0123456789';

/** Counts storage calls, split between transcripts and everything else (bot state, claims). */
function counting(inner: AppStorage) {
  const calls = { transcript: 0, other: 0 };
  const count = (keys: string[]) => (keys.some((k) => k.startsWith('directline/transcripts/')) ? calls.transcript++ : calls.other++);
  const storage: AppStorage = {
    read: (keys) => (count(keys), inner.read(keys)),
    write: (changes) => (count(Object.keys(changes)), inner.write(changes)),
    delete: (keys) => (count(keys), inner.delete(keys)),
    ping: () => inner.ping(),
    removeStaleProperty: (p, k, b) => inner.removeStaleProperty(p, k, b),
    deleteOlderThan: (p, b) => inner.deleteOlderThan!(p, b),
    keysOlderThan: (p, b) => inner.keysOlderThan(p, b),
  };
  return { storage, calls };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function messages(connection: string, transcripts: 'memory' | 'storage') {
  const { storage, calls } = counting(new BlobStateStorage(connection, 'passerelle'));
  const server = await startServer({
    env: {
      STORAGE: 'blob',
      BLOB_CONNECTION_STRING: connection,
      WEBCHAT_TOKEN_SECRET: SECRET,
      WEBCHAT_TRANSCRIPTS: transcripts,
      WEBCHAT_MESSAGES_PER_MINUTE: '100000',
    },
    storage,
  });
  try {
    const session = (await (
      await fetch(`${server.url}/api/webchat/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    ).json()) as {
      token: string;
      conversationId: string;
    };
    const headers = { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' };
    const base = `${server.url}/v3/directline/conversations/${session.conversationId}`;
    await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers });
    const times: number[] = [];
    let watermark = '';
    const before = { ...calls };
    for (let i = 0; i < MESSAGES; i++) {
      const started = performance.now();
      const posted = await fetch(`${base}/activities`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'message', from: { id: 'x' }, text: 'help', locale: 'en-US' }),
      });
      const { id } = (await posted.json()) as { id: string };
      for (;;) {
        const read = (await (await fetch(`${base}/activities?watermark=${watermark}`, { headers })).json()) as {
          activities: { replyToId?: string }[];
          watermark: string;
        };
        watermark = read.watermark;
        if (read.activities.some((a) => a.replyToId === id)) break;
      }
      times.push(performance.now() - started);
    }
    return {
      transcripts,
      p50Ms: round(percentile(times, 0.5)),
      p99Ms: round(percentile(times, 0.99)),
      storageCallsPerMessage: {
        transcript: round((calls.transcript - before.transcript) / MESSAGES),
        state: round((calls.other - before.other) / MESSAGES),
      },
    };
  } finally {
    await server.stop();
  }
}

/** One open stream's look at the head: nothing new (the common case), and one new activity. */
async function polls(connection: string) {
  const storage = new BlobStateStorage(connection, 'passerelle');
  const options = { conversationId: 'bench-poll', userId: 'u', locale: undefined, maxActivities: 200, numbering: () => 1_000 };
  const writer = new SharedTranscript(storage, options);
  const reader = new SharedTranscript(storage, options);
  await writer.append([{ type: 'message', text: 'first' }]);
  await reader.since(undefined);
  const idle: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < POLLS; i++) {
    let started = performance.now();
    await reader.catchUp();
    idle.push(performance.now() - started);
    if (i % 3 === 0) {
      await writer.append([{ type: 'message', text: `n${i}` }]);
      started = performance.now();
      const got = await reader.catchUp();
      if (got.length !== 1) throw new Error(`poll ${i}: expected one new activity, got ${got.length}`);
      fresh.push(performance.now() - started);
    }
  }
  return {
    nothingNew: { p50Ms: round(percentile(idle, 0.5)), p99Ms: round(percentile(idle, 0.99)), storageCalls: 1 },
    oneNew: { p50Ms: round(percentile(fresh, 0.5)), p99Ms: round(percentile(fresh, 0.99)), storageCalls: 2 },
  };
}

async function main(): Promise<void> {
  const azurite = new Azurite();
  const connection = await azurite.start();
  try {
    // Interleaved: memory, storage, memory, storage; the second round of each is reported.
    const rounds = [];
    for (let r = 0; r < 2; r++) rounds.push(await messages(connection, 'memory'), await messages(connection, 'storage'));
    const [memory, shared] = rounds.slice(2) as [Awaited<ReturnType<typeof messages>>, Awaited<ReturnType<typeof messages>>];
    const poll = await polls(connection);
    const result = {
      when: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((x) => round(x)) },
      storage: 'Azurite 3.35 on 127.0.0.1 (a network Blob account adds its round trip to each call)',
      messages: MESSAGES,
      perMessage: { memory, shared, ratioP50: round(shared.p50Ms / memory.p50Ms) },
      perPoll: poll,
    };
    console.table({
      memory: {
        p50Ms: memory.p50Ms,
        p99Ms: memory.p99Ms,
        transcriptCalls: memory.storageCallsPerMessage.transcript,
        stateCalls: memory.storageCallsPerMessage.state,
      },
      shared: {
        p50Ms: shared.p50Ms,
        p99Ms: shared.p99Ms,
        transcriptCalls: shared.storageCallsPerMessage.transcript,
        stateCalls: shared.storageCallsPerMessage.state,
      },
    });
    console.log(`per message, shared / memory p50: ${result.perMessage.ratioP50}×; per poll: ${JSON.stringify(poll)}`);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'webchat-shared.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await azurite.dispose();
  }
}

void main();
