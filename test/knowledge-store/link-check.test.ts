import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { checkLink, linksOf } from '../../src/knowledge-store/link-check';
import { knowledgeDir, sampleOffering } from '../helpers/knowledge-fixture';
import { startServer } from '../server/harness';

/** A local site with every kind of link an offering can have: never the internet in tests. */
describe('the link checker', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      // restify, loaded in this process, patches writeHead so that it no longer returns the response.
      const send = (status: number, headers: Record<string, string> = {}) => {
        res.writeHead(status, headers);
        res.end();
      };
      const path = req.url ?? '/';
      if (path === '/ok') return send(200);
      if (path === '/missing') return send(404);
      if (path === '/moved') return send(301, { Location: '/ok' });
      if (path === '/loop-a') return send(301, { Location: '/loop-b' });
      if (path === '/loop-b') return send(302, { Location: '/loop-a' });
      if (path.startsWith('/chain/')) {
        const n = Number(path.split('/')[2]);
        return send(302, { Location: `/chain/${n + 1}` });
      }
      if (path === '/no-head') return req.method === 'HEAD' ? send(405) : send(200);
      if (path === '/slow') return; // never answers
      send(500);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('says which links work, follows redirects, names loops and timeouts', async () => {
    const check = (path: string) => checkLink(`${base}${path}`, { timeoutMs: 500, maxRedirects: 5 });
    expect(await check('/ok')).toMatchObject({ ok: true, status: 200 });
    expect(await check('/missing')).toMatchObject({ ok: false, status: 404, error: 'http' });
    expect(await check('/moved')).toMatchObject({ ok: true, status: 200, finalUrl: `${base}/ok` });
    expect(await check('/loop-a')).toMatchObject({ ok: false, error: 'redirect-loop' });
    expect(await check('/chain/0')).toMatchObject({ ok: false, error: 'too-many-redirects' });
    expect(await check('/no-head')).toMatchObject({ ok: true, status: 200 });
    const started = Date.now();
    expect(await check('/slow')).toMatchObject({ ok: false, error: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await checkLink('http://127.0.0.1:1/closed', { timeoutMs: 500 })).toMatchObject({ ok: false, error: 'network' });
  });

  it('finds every URL an offering holds, once', () => {
    const offering = {
      sources: [{ url: 'https://a.example/1' }, { url: 'https://a.example/1' }],
      access: { url: 'https://b.example' },
      name: { fr: 'pas une URL http://' },
    };
    expect(linksOf(offering)).toEqual(['https://a.example/1', 'https://b.example']);
  });

  it('checks the links of the version served on demand through the admin API, and keeps the report', async () => {
    const token = 'alice-token-0123456789abcdef';
    const dir = knowledgeDir({
      good: sampleOffering({ sources: [{ url: `${base}/ok`, kind: 'official' }] }),
      gone: sampleOffering({
        sources: [
          { url: `${base}/missing`, kind: 'official' },
          { url: `${base}/moved`, kind: 'official' },
        ],
      }),
    });
    const running = await startServer({
      store: true,
      env: { KNOWLEDGE_DIR: dir, ADMIN_TOKEN_HASHES: `alice:${createHash('sha256').update(token).digest('hex')}` },
    });
    try {
      const auth = { Authorization: `Bearer ${token}` };
      expect((await fetch(`${running.url}/api/admin/links`, { headers: auth })).status).toBe(404);
      const checked = await fetch(`${running.url}/api/admin/links/check`, { method: 'POST', headers: auth });
      expect(checked.status).toBe(200);
      const report = (await checked.json()) as { broken: number; offerings: { id: string; links: { url: string; ok: boolean; status: number }[] }[] };
      expect(report.broken).toBe(1);
      expect(report.offerings).toEqual([
        {
          id: 'gone',
          links: [expect.objectContaining({ url: `${base}/missing`, ok: false, status: 404 }), expect.objectContaining({ url: `${base}/moved`, ok: true })],
        },
        { id: 'good', links: [expect.objectContaining({ ok: true, status: 200 })] },
      ]);
      expect(await (await fetch(`${running.url}/api/admin/links`, { headers: auth })).json()).toEqual(report);
    } finally {
      await running.stop();
    }
  });
});
