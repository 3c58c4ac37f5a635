import { BlobStateStorage } from '../../src/storage/blob-storage';
import { Azurite } from '../helpers/azurite';
import { message, post, startServer, type Running } from '../server/harness';

/** Blob storage goes away in the middle of a conversation, then comes back. */
describe('an Azurite outage during a conversation', () => {
  const azurite = new Azurite();
  let server: Running;

  beforeAll(async () => {
    const connection = await azurite.start();
    server = await startServer({
      store: true,
      env: { STORAGE: 'blob', BLOB_CONNECTION_STRING: connection },
      storage: new BlobStateStorage(connection, 'passerelle'),
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await azurite.dispose();
  });

  const say = (text: string, fields: Record<string, unknown> = {}) =>
    post(server.url, message(text, { channelId: 'emulator', locale: 'en-US', conversation: { id: 'outage' }, from: { id: 'cw-outage' }, ...fields }));
  const ready = async () => {
    const res = await fetch(`${server.url}/readyz`);
    return `${res.status} ${((await res.json()) as { status: string }).status}`;
  };

  it('apologizes clearly, says "degraded" on /readyz, and recovers by itself when storage is back', async () => {
    const first = await say('', { text: undefined, value: { verb: 'eligibility', offeringId: 'francisation-quebec' } });
    expect(JSON.stringify(first.replies)).toContain('"verb":"answer"');
    expect(await ready()).toBe('200 ready');

    await azurite.stop();
    const during = await say('help');
    expect(during.status).toBe(200);
    expect(during.replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/^I can't answer right now: a service I need is not responding\. Try again in a minute\. \(ref\. [0-9a-f]{8}\)$/),
    ]);
    // Everyone's outage, not this instance's: it stays in the load balancer, answering with apologies.
    expect(await ready()).toBe('200 degraded');

    await azurite.start();
    const deadline = Date.now() + 20_000;
    while ((await ready()) !== '200 ready' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await ready()).toBe('200 ready');
    // The check started before the outage is still there: "I don't know" answers its question.
    const data = /"data":(\{"verb":"answer","fact":"[^"]+","special":"dontKnow"\})/.exec(JSON.stringify(first.replies))![1]!;
    const after = await say('', { text: undefined, value: JSON.parse(data) as unknown });
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.replies)).not.toMatch(/can't answer right now|went wrong/);
    expect(JSON.stringify(after.replies)).toMatch(/"verb":"answer"|Francisation Québec/);
  });
});
