import { rmSync } from 'node:fs';
import { message, post, startServer, tempDataDir } from './harness';

describe('durable state (SQLite under DATA_DIR)', () => {
  test('a dialog in progress continues after the server and its storage are closed and recreated', async () => {
    const dataDir = tempDataDir();
    const conversation = { id: 'restart-1' };

    const first = await startServer({ dataDir });
    const asked = await post(first.url, message('langue', { locale: 'fr-CA', conversation }));
    expect(asked.replies[0]!.text).toBe('Dans quelle langue voulez-vous continuer?');
    await first.stop();

    const second = await startServer({ dataDir });
    try {
      // "2" means something only to the waiting choice prompt: without the saved dialog it would be a search.
      const answered = await post(second.url, message('2', { locale: 'fr-CA', conversation }));
      expect(answered.replies.map((r) => r.text)).toEqual(["OK, I'll continue in English."]);
      // The choice is remembered for the user, over the activity's locale.
      const later = await post(second.url, message('Bonjour', { locale: 'fr-CA', conversation: { id: 'restart-2' } }));
      expect(later.replies[0]!.text).toContain("I'm Passerelle");
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('close() waits for the turns in flight', async () => {
    const s = await startServer();
    const inFlight = post(s.url, message('assurance maladie', { locale: 'fr-CA' }));
    // Close once the turn is running (or already answered), never before the request arrived:
    // a fixed short sleep lost that race on a loaded machine.
    let answered = false;
    void inFlight.then(() => (answered = true));
    for (let i = 0; i < 400 && !answered && s.app.runtime.turns.busy === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await s.app.close();
    const { status, replies } = await inFlight;
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    s.storage.close?.();
    rmSync(s.dataDir, { recursive: true, force: true });
  });
});
