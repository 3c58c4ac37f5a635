import { realKnowledge, startServer } from './harness';

describe('health and readiness', () => {
  test("GET /healthz and /readyz report the knowledge; /readyz is 503 once this instance's own storage is unreachable", async () => {
    const s = await startServer();
    const { kb } = realKnowledge();
    try {
      const health = await fetch(`${s.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'alive', knowledge: { version: kb.version, offerings: kb.offerings.length } });

      const ready = await fetch(`${s.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', knowledge: { version: kb.version, offerings: kb.offerings.length } });

      s.storage.close?.();
      const down = await fetch(`${s.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unavailable', reason: 'storage' });
    } finally {
      await s.stop();
    }
  });

  test('an unknown route is a 404, a GET on /api/messages a 405', async () => {
    const s = await startServer();
    try {
      expect((await fetch(`${s.url}/nope`)).status).toBe(404);
      expect((await fetch(`${s.url}/api/messages`)).status).toBe(405);
    } finally {
      await s.stop();
    }
  });
});
