import { BlobStateStorage } from '../../src/storage/blob-storage';
import { Azurite } from '../helpers/azurite';
import { RoundRobinProxy } from '../helpers/round-robin-proxy';
import { startServer, type Running } from '../server/harness';
import { botMessages, Client, webChatToken } from './directline-client';

const SECRET = 'a-secret-shared-by-every-instance-0123456789';

/**
 * Web chat on two instances behind a balancer with no affinity, transcripts in the shared Blob
 * storage (Azurite), with the unmodified Direct Line client Web Chat uses: posts, streams and
 * reconnections land on either instance, and one instance is restarted mid-conversation.
 */
describe('web chat on two instances behind a round-robin balancer', () => {
  const azurite = new Azurite();
  let connection = '';
  const running: Running[] = [];
  let proxy: RoundRobinProxy;
  const start = async () => {
    const server = await startServer({
      env: { STORAGE: 'blob', BLOB_CONNECTION_STRING: connection, WEBCHAT_TOKEN_SECRET: SECRET, WEBCHAT_POLL_MS: '200', STORAGE_CALL_BUDGET_MS: '1000' },
      storage: new BlobStateStorage(connection, 'passerelle', 1_000),
    });
    running.push(server);
    return server;
  };

  beforeAll(async () => {
    connection = await azurite.start();
    const [a, b] = [await start(), await start()];
    proxy = new RoundRobinProxy([a.url, b.url]);
    await proxy.start();
  }, 60_000);
  afterAll(async () => {
    azurite.thaw();
    await proxy?.stop();
    for (const server of running) await server.stop().catch(() => undefined);
    await azurite.dispose();
  });

  /** The bot's distinct answers to the activity `id` (an activity pushed twice counts once). */
  const answersTo = (client: Client, id: string) =>
    new Set(
      botMessages(client.received)
        .filter((a) => (a as { replyToId?: string }).replyToId === id)
        .map((a) => a.id),
    ).size;

  async function ask(client: Client, text: string): Promise<string> {
    const id = await client.post({ type: 'message', text, locale: 'en-US' });
    // After its stream closed, the client reconnects 3 to 15 s later (directlinejs' delay): what came meanwhile arrives then.
    await client.until(() => answersTo(client, id) > 0, `the answer to "${text}"`, 30_000);
    return id;
  }

  it('answers every message once, whichever instance takes the post and holds the stream, and survives a restart of each', async () => {
    const session = await webChatToken(proxy.url, 'en-US');
    const client = new Client({ token: session.token, domain: session.domain, webSocket: true });
    try {
      await client.until((r) => botMessages(r).length > 0, 'the welcome');
      const posted: string[] = [];
      for (let i = 0; i < 4; i++) posted.push(await ask(client, 'help'));

      // Restart A: its stream closes (the client reconnects through the balancer), B answers meanwhile.
      const [a, b] = [running[0]!, running[1]!];
      await a.stop();
      for (let i = 0; i < 3; i++) posted.push(await ask(client, 'help'));
      const a2 = await start();
      proxy.backends = [a2.url, b.url];
      posted.push(await ask(client, 'help'));
      // Then B: everything now goes to the restarted A.
      await b.stop();
      proxy.backends = [a2.url, b.url]; // B refuses connections: skipped, as a health probe would
      for (let i = 0; i < 3; i++) posted.push(await ask(client, 'help'));

      expect(new Set(posted).size).toBe(posted.length); // no id given twice
      for (const id of posted) expect(answersTo(client, id)).toBe(1); // each message answered once
      // One welcome, though the conversation was opened on several instances.
      expect(botMessages(client.received).filter((m) => !(m as { replyToId?: string }).replyToId).length).toBe(1);
      // The user's own messages all came back (Web Chat marks a message sent when it sees it).
      for (const id of posted) expect(client.received.some((r) => r.id === id && r.from.role === 'user')).toBe(true);
    } finally {
      client.end();
    }
  }, 150_000);

  it('refuses a message it cannot keep while the storage hangs (503, sent again by the person), and answers once it is back', async () => {
    const session = await webChatToken(proxy.url, 'en-US');
    const client = new Client({ token: session.token, domain: session.domain, webSocket: true });
    try {
      await client.until((r) => botMessages(r).length > 0, 'the welcome');
      await ask(client, 'help');
      azurite.freeze();
      const started = Date.now();
      const refused = await fetch(`${proxy.url}/v3/directline/conversations/${session.conversationId}/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'x' }, text: 'help' }),
      });
      const waited = Date.now() - started;
      azurite.thaw();
      // Not accepted, so not lost: Web Chat shows "Send failed. Retry." on a refused post.
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(waited).toBeLessThan(3_000); // the 1 s storage call budget, not a hang
      console.log(`web chat post with the storage frozen: 503 after ${waited} ms`);
      await ask(client, 'help');
    } finally {
      azurite.thaw();
      client.end();
    }
  }, 90_000);
});
