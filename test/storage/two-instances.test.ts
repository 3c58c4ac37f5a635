import { createHash } from 'node:crypto';
import { BlobStateStorage } from '../../src/storage/blob-storage';
import { Azurite } from '../helpers/azurite';
import { message, post, startServer, type Running } from '../server/harness';

const ADMIN_TOKEN = 'two-instances-admin-token';
const ENV = {
  STORAGE: 'blob',
  ADMIN_TOKEN_HASHES: `alice:${createHash('sha256').update(ADMIN_TOKEN).digest('hex')}`,
  KNOWLEDGE_SYNC_SECONDS: '1',
  REVIEW_REQUIRED: 'false', // one admin here: review is tested in test/admin/change-sets-api.test.ts
};

/**
 * Two instances of the server on one Blob store (Azurite), as behind a load balancer with no
 * affinity: turns of one conversation alternate between them.
 */
describe('two instances on one Blob store', () => {
  const azurite = new Azurite();
  let a: Running;
  let b: Running;

  beforeAll(async () => {
    const connection = await azurite.start();
    const env = { ...ENV, BLOB_CONNECTION_STRING: connection };
    a = await startServer({ store: true, env, storage: new BlobStateStorage(connection, 'passerelle') });
    b = await startServer({ store: true, env, storage: new BlobStateStorage(connection, 'passerelle') });
  }, 60_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await azurite.dispose();
  });

  // The Emulator's channel is a caseworker's in local mode: eligibility for a client and referrals.
  const turn = (server: Running, conversation: string, fields: Record<string, unknown>) =>
    post(
      server.url,
      message('', {
        text: undefined,
        channelId: 'emulator',
        locale: 'en-US',
        conversation: { id: conversation },
        from: { id: `cw-${conversation}` },
        ...fields,
      }),
    );
  const say = (server: Running, conversation: string, text: string) => turn(server, conversation, { text });
  const texts = (r: { replies: { text?: string }[] }) => r.replies.map((x) => x.text ?? '').join('\n');

  it('finishes an eligibility check and a referral with turns alternating between the instances', async () => {
    const conv = 'alternating';
    let reply = await turn(a, conv, { value: { verb: 'eligibility', offeringId: 'francisation-quebec' } });
    const servers = [b, a];
    // Answer "I don't know" to each question, on alternate instances, until the result comes.
    for (let i = 0; i < 10 && /"verb":"answer"/.test(JSON.stringify(reply.replies)); i++) {
      const data = /"data":(\{"verb":"answer","fact":"[^"]+","special":"dontKnow"\})/.exec(JSON.stringify(reply.replies))![1]!;
      reply = await turn(servers[i % 2]!, conv, { value: JSON.parse(data) as unknown });
      expect(reply.status).toBe(200);
    }
    expect(texts(reply)).not.toMatch(/went wrong|at the same moment|can't answer/);
    expect(JSON.stringify(reply.replies)).toMatch(/Francisation Québec/);

    expect(texts(await turn(b, conv, { value: { verb: 'refer', offeringId: 'francisation-quebec' } }))).toContain(
      'In which language should the referral letter be written?',
    );
    expect(texts(await say(a, conv, 'Letter in English'))).toContain('Does the person explicitly consent');
    const created = texts(await say(b, conv, 'Yes'));
    const reference = /Referral (PAS-[A-Z0-9]{4}-[A-Z0-9]{4}) created/.exec(created)?.[1];
    expect(reference).toBeDefined();
    // Made through B, listed by A.
    expect(JSON.stringify((await say(a, conv, 'my referrals')).replies)).toContain(reference);
  });

  it('two turns of one conversation racing on both instances: no corrupted state, a conflict is reported, not overwritten', async () => {
    const conv = 'racing';
    await say(a, conv, 'hello');
    let conflicts = 0;
    for (let round = 0; round < 10; round++) {
      // Both start an eligibility check: each turn changes the conversation's dialog state.
      const [ra, rb] = await Promise.all([
        turn(a, conv, { value: { verb: 'eligibility', offeringId: 'francisation-quebec' } }),
        turn(b, conv, { value: { verb: 'eligibility', offeringId: 'ramq-assurance-maladie' } }),
      ]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      for (const r of [ra, rb]) {
        expect(texts(r)).not.toMatch(/went wrong/);
        if (/at the same moment/.test(texts(r))) conflicts++;
      }
    }
    // When the two overlap, the second save is refused (its eTag is stale) and reported; it never
    // overwrites the first. Overlap depends on timing: this only shows how often it happened.
    console.log(`racing turns: ${conflicts} conflicts reported in 10 rounds`);
    // The conversation still works on both, with its state readable.
    expect(texts(await say(b, conv, 'help'))).toContain('Here is what I can do');
    expect(texts(await say(a, conv, 'help'))).toContain('Here is what I can do');
  });

  it('answers a redelivered activity once, even when the repeat reaches the other instance', async () => {
    const first = message('help', {
      id: 'teams-activity-42',
      channelId: 'emulator',
      locale: 'en-US',
      conversation: { id: 'redelivered' },
      from: { id: 'cw-r' },
    });
    const onA = await post(a.url, first);
    expect(texts(onA)).toContain('Here is what I can do');
    const onB = await post(b.url, first);
    expect(onB.status).toBe(200);
    expect(onB.replies).toEqual([]);
    // Another activity of the same conversation is answered by B as usual.
    expect(texts(await post(b.url, { ...first, id: 'teams-activity-43' }))).toContain('Here is what I can do');
  });

  it('serves on B, within 5 seconds, a version published on A', async () => {
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const read = await fetch(`${a.url}/api/admin/offerings/service-211`, { headers: auth });
    const data = (await read.json()) as { summary: { en: string } };
    const put = await fetch(`${a.url}/api/admin/offerings/service-211`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': read.headers.get('etag')! },
      body: JSON.stringify({ ...data, summary: { ...data.summary, en: 'Zanzibar: dial 211.' } }),
    });
    expect(put.status).toBe(200);
    const published = await fetch(`${a.url}/api/admin/publish`, { method: 'POST', headers: auth });
    expect(published.status).toBe(200);
    const version = ((await published.json()) as { version: { number: number } }).version.number;
    const started = Date.now();
    let seen: number | undefined;
    while (Date.now() - started < 5_000) {
      seen = ((await (await fetch(`${b.url}/healthz`)).json()) as { knowledge: { published?: number } }).knowledge.published;
      if (seen === version) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toBe(version);
    expect(JSON.stringify((await say(b, 'zanzibar', 'zanzibar')).replies)).toContain('Zanzibar: dial 211.');
  });
});
