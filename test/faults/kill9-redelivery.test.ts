import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Azurite } from '../helpers/azurite';
import { ConnectorStandIn } from '../teams/connector-stand-in';
import { postActivity, startServerProcess, waitFor, type ServerProcess } from './server-process';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/**
 * Two instances (the compiled server, as `npm start` runs it) on one Blob store. The first is
 * killed with SIGKILL in the middle of a turn (while it sends its reply); Teams then delivers the
 * same activity again, to the other instance: it must be answered, once.
 */
describe('kill -9 in the middle of a turn, redelivered to the other instance', () => {
  const azurite = new Azurite();
  const dirs = [mkdtempSync(join(tmpdir(), 'passerelle-k9a-')), mkdtempSync(join(tmpdir(), 'passerelle-k9b-'))];
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  const connector = new ConnectorStandIn();
  /** A Bot Connector that takes the reply and never answers: the turn is in flight until the kill. */
  let hanging: Server;
  let hangingUrl = '';
  const held: IncomingMessage[] = [];

  beforeAll(async () => {
    const connection = await azurite.start();
    await connector.start();
    hanging = createServer((req) => held.push(req));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
    const env = (dataDir: string) => ({ STORAGE: 'blob', BLOB_CONNECTION_STRING: connection, DATA_DIR: dataDir });
    [a, b] = await Promise.all([startServerProcess(env(dirs[0]!)), startServerProcess(env(dirs[1]!))]);
  }, 90_000);
  afterAll(async () => {
    await a?.stop('SIGKILL');
    await b?.stop('SIGKILL');
    hanging?.closeAllConnections();
    await new Promise((resolve) => hanging?.close(resolve));
    await connector.stop();
    await azurite.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const activity = (serviceUrl: string) => ({
    type: 'message',
    id: 'teams-activity-killed-mid-turn',
    deliveryMode: 'normal',
    channelId: 'msteams',
    serviceUrl,
    text: 'help',
    locale: 'en-US',
    conversation: { id: 'a:personal-kill9', conversationType: 'personal', tenantId: TENANT },
    from: { id: '29:kill9-user', aadObjectId: 'b1f0e1d2-0000-4000-8000-000000000009', name: 'Some One' },
    recipient: { id: '28:passerelle', name: 'Passerelle' },
    channelData: { tenant: { id: TENANT } },
  });
  const answersOnB = () => connector.recorded.filter((r) => r.conversationId === 'a:personal-kill9').length;

  it('answers the redelivery once, after the dead instance lease expires', async () => {
    const claimedAt = Date.now();
    void postActivity(a!.url, activity(hangingUrl)).catch(() => undefined); // cut short by the kill
    await waitFor(() => held.length > 0, 'the reply of the first instance');
    await a!.stop('SIGKILL');

    // Right away (Teams would not redeliver yet): a turn still leased is not answered twice.
    expect((await postActivity(b!.url, activity(connector.url))).status).toBe(200);
    expect(answersOnB()).toBe(0);

    // Teams redelivers about 15 s after the first delivery; the lease of a dead turn lasts 10 s.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, claimedAt + 10_500 - Date.now())));
    expect((await postActivity(b!.url, activity(connector.url))).status).toBe(200);
    expect(answersOnB()).toBeGreaterThan(0);
    expect(connector.recorded.map((r) => r.activity.text).join('\n')).toContain('Here is what I can do');
    const answered = answersOnB();

    // Delivered once more: answered already, dropped as a repeat.
    expect((await postActivity(b!.url, activity(connector.url))).status).toBe(200);
    expect(answersOnB()).toBe(answered);
  }, 60_000);
});
