import { BlobStateStorage } from '../../src/storage/blob-storage';
import { Azurite } from '../helpers/azurite';
import { message, post, startServer, type Running } from '../server/harness';

/**
 * Blob storage that hangs instead of refusing (Azurite frozen with SIGSTOP): the turn must answer
 * within its budget with an apology, keep the state as it was, and recover on SIGCONT.
 */
describe('a storage that hangs during a conversation', () => {
  const azurite = new Azurite();
  let server: Running;
  const TURN_BUDGET_MS = 3_000;

  beforeAll(async () => {
    const connection = await azurite.start();
    server = await startServer({
      store: true,
      env: { STORAGE: 'blob', BLOB_CONNECTION_STRING: connection, TURN_BUDGET_MS: String(TURN_BUDGET_MS), STORAGE_CALL_BUDGET_MS: '1000' },
      storage: new BlobStateStorage(connection, 'passerelle', 1_000),
    });
  }, 60_000);
  afterAll(async () => {
    azurite.thaw();
    await server?.stop();
    await azurite.dispose();
  });

  const say = (text: string, fields: Record<string, unknown> = {}) =>
    post(server.url, message(text, { channelId: 'emulator', locale: 'en-US', conversation: { id: 'frozen' }, from: { id: 'cw-frozen' }, ...fields }));

  it('apologizes within the budget, keeps the check, and answers again once storage thaws', async () => {
    const first = await say('', { text: undefined, value: { verb: 'eligibility', offeringId: 'francisation-quebec' } });
    const data = /"data":(\{"verb":"answer","fact":"[^"]+","special":"dontKnow"\})/.exec(JSON.stringify(first.replies))![1]!;

    azurite.freeze();
    const started = Date.now();
    const during = await say('help');
    const took = Date.now() - started;
    expect(during.status).toBe(200);
    expect(during.replies.map((r) => r.text)).toEqual([expect.stringMatching(/^I can't answer right now: .*\(ref\. [0-9a-f]{8}\)$/)]);
    expect(took).toBeLessThan(TURN_BUDGET_MS + 1_500);
    console.log(`frozen storage: apology after ${took} ms (turn budget ${TURN_BUDGET_MS} ms, storage call budget 1000 ms)`);

    azurite.thaw();
    const deadline = Date.now() + 20_000;
    let after = await say('', { text: undefined, value: JSON.parse(data) as unknown });
    while (/can't answer right now/.test(JSON.stringify(after.replies)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      after = await say('', { text: undefined, value: JSON.parse(data) as unknown });
    }
    // The check started before the freeze is still there: its question is answered.
    expect(JSON.stringify(after.replies)).not.toMatch(/can't answer right now|went wrong/);
    expect(JSON.stringify(after.replies)).toMatch(/"verb":"answer"|Francisation Québec/);
  }, 60_000);
});
