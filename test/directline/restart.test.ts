import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { startServer, type Running } from '../server/harness';
import { webChatToken } from './directline-client';

/**
 * The built-in web chat channel across a restart (or a failover to another instance) with shared
 * repeated-activity claims (STORAGE=blob; here the shared store is one SQLite file): the person's
 * next message must be answered, not dropped as a repeat of an id numbered before the restart.
 */
describe.each(['memory', 'storage'])('web chat across a restart, with shared claims, transcripts in %s', (transcripts) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-restart-'));
  const env = {
    STORAGE: 'blob',
    BLOB_CONNECTION_STRING: 'shared-store-in-this-test',
    WEBCHAT_TOKEN_SECRET: 'a-secret-shared-by-every-instance-0123456789',
    WEBCHAT_TRANSCRIPTS: transcripts,
  };
  const start = () => startServer({ dataDir, env, storage: SqliteStorage.inDataDir(dataDir) });

  async function say(url: string, token: string, conversationId: string, text: string): Promise<string | undefined> {
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const posted = await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', from: { id: 'ignored' }, text, locale: 'en-US' }),
    });
    expect(posted.status).toBe(200);
    const { id } = (await posted.json()) as { id: string };
    for (let tries = 0; tries < 50; tries++) {
      const res = await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, { headers });
      const { activities } = (await res.json()) as { activities: { replyToId?: string; text?: string; from: { role?: string } }[] };
      if (process.env.DEBUG_IDS)
        console.log(JSON.stringify(activities.map((a) => [(a as { id?: string }).id?.split('|')[1], a.from.role, a.replyToId?.split('|')[1]])));
      const reply = activities.find((a) => a.replyToId === id && a.from.role === 'bot');
      if (reply) return reply.text;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return undefined;
  }

  it('answers the first message after the restart', async () => {
    let server: Running = await start();
    const session = await webChatToken(server.url, 'en-US');
    expect(await say(server.url, session.token, session.conversationId, 'check eligibility')).toBeDefined();
    expect(await say(server.url, session.token, session.conversationId, 'help')).toMatch(/^Here is what I can do/);
    await server.stop();

    server = await start(); // another process, another port: a restart, or the next instance
    try {
      // Each message answered: none reuses the id of one answered before the restart.
      for (let n = 0; n < 4; n++) expect(await say(server.url, session.token, session.conversationId, 'help')).toMatch(/^Here is what I can do/);
    } finally {
      await server.stop();
    }
  });
});
