import { createServer as createHttpServer, get as httpGet, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { pageLanguage } from '../../src/i18n/page-language';
import { startServer, type Running } from '../server/harness';

describe('GET / and the page files', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer();
  });
  afterAll(async () => {
    await running.stop();
  });

  it('serves the page in the asked language, with a strict CSP and no inline script', async () => {
    const fr = await fetch(`${running.url}/`);
    expect(fr.status).toBe(200);
    expect(fr.headers.get('content-language')).toBe('fr');
    const csp = fr.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await fr.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('href="/?lang=en" lang="en" hreflang="en">English</a>');
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script [^>]*>[^<]/);
    // Links go to official pages only: Québec.ca, 211 and the crisis lines' own sites (safety.yaml).
    const allowed = [
      'www.quebec.ca',
      'quebec.ca',
      'www.211qc.ca',
      ...Object.values(running.app.knowledge.kb.safety.lines).flatMap((l) => (l.url ? [new URL(l.url).host] : [])),
    ];
    for (const [, host] of html.matchAll(/href="https?:\/\/([^/"]+)/g)) expect(allowed).toContain(host);
    // The emergency line is on the page, first thing after the header.
    expect(html).toMatch(/<\/header>\s*<p class="emergency" role="note"><strong>En danger\? Composez le <a href="tel:911">9-1-1<\/a><\/strong>/);

    const en = await fetch(`${running.url}/?lang=en`);
    expect(await en.text()).toContain('<html lang="en">');
    const byBrowser = await fetch(`${running.url}/`, { headers: { 'Accept-Language': 'de-DE, en-CA;q=0.8, fr;q=0.5' } });
    expect(byBrowser.headers.get('content-language')).toBe('en');
  });

  it('serves Web Chat from node_modules, gzipped, with a validator', async () => {
    const res = await fetch(`${running.url}/webchat/webchat.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(Number((await res.arrayBuffer()).byteLength)).toBeGreaterThan(1_000_000);
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${running.url}/webchat/webchat.js`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    // Raw bytes, to see the encoding fetch undoes.
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      const req = httpGet(`${running.url}/static/app.js`, { headers: { 'Accept-Encoding': 'gzip' } }, (r: IncomingMessage) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toContain('createDirectLine');
  });

  it("sends the Teams manifest's privacy and terms links to the page's sections", async () => {
    const privacy = await fetch(`${running.url}/privacy`, { redirect: 'manual', headers: { 'Accept-Language': 'en' } });
    expect(privacy.status).toBe(302);
    expect(privacy.headers.get('location')).toBe('/?lang=en#privacy-title');
    expect((await fetch(`${running.url}/terms`, { redirect: 'manual' })).headers.get('location')).toBe('/?lang=fr#terms');
  });

  it('serves only its own static files', async () => {
    for (const path of ['/static/../package.json', '/static/%2e%2e%2fpackage.json', '/static/nope.js', '/static/']) {
      const res = await fetch(`${running.url}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it('hands out tokens in the page language and refuses junk gracefully', async () => {
    const en = await fetch(`${running.url}/api/webchat/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"locale":"en-CA"}' });
    expect(en.status).toBe(200);
    expect(en.headers.get('cache-control')).toBe('no-store');
    const junk = await fetch(`${running.url}/api/webchat/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{oops' });
    expect(junk.status).toBe(200);
    const big = await fetch(`${running.url}/api/webchat/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
  });
});

describe('pageLanguage', () => {
  it.each([
    ['en', undefined, 'en'],
    ['fr', 'en', 'fr'],
    ['xx', 'en-US,en;q=0.9', 'en'],
    [undefined, 'es, fr-CA;q=0.3, en;q=0.2', 'fr'],
    [undefined, 'en;q=0, fr;q=0.1', 'fr'],
    [undefined, undefined, 'fr'],
    [undefined, ';;;q=abc,,', 'fr'],
  ])('?lang=%s, Accept-Language %s → %s', (lang, accept, expected) => {
    expect(pageLanguage(lang, accept)).toBe(expected);
  });
});

describe('with DIRECT_LINE_SECRET: Azure Direct Line', () => {
  const secret = 'azure-direct-line-secret-value-0123456789';
  let azure: ReturnType<typeof createHttpServer>;
  let azureUrl: string;
  const seen: { auth?: string; body: string }[] = [];
  let running: Running;

  beforeAll(async () => {
    // A stand-in for directline.botframework.com's token endpoint.
    azure = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body });
        if (req.url !== '/v3/directline/tokens/generate' || req.headers.authorization !== `Bearer ${secret}`) {
          res.writeHead(403); // restify patches writeHead so that it no longer returns the response
          res.end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 3600 }));
      });
    });
    await new Promise<void>((resolve) => azure.listen(0, '127.0.0.1', resolve));
    azureUrl = `http://127.0.0.1:${(azure.address() as AddressInfo).port}/v3/directline`;
    running = await startServer({ env: { DIRECT_LINE_SECRET: secret, DIRECT_LINE_DOMAIN: azureUrl } });
  });
  afterAll(async () => {
    await running.stop();
    azure.closeAllConnections();
    await new Promise((resolve) => azure.close(resolve));
  });

  it('exchanges the secret for a token on the server; the browser never sees the secret', async () => {
    const res = await fetch(`${running.url}/api/webchat/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ token: 'azure-token-1', conversationId: 'azure-conv-1', domain: azureUrl, expires_in: 3600 });
    expect(text).not.toContain(secret);
    expect(seen.at(-1)!.auth).toBe(`Bearer ${secret}`);
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ user: { id: expect.stringMatching(/^dl_/) } });

    const page = await fetch(`${running.url}/`);
    expect(await page.clone().text()).not.toContain(secret);
    expect(page.headers.get('content-security-policy')).toContain(
      `connect-src 'self' http://127.0.0.1:${new URL(azureUrl).port} ws://127.0.0.1:${new URL(azureUrl).port}`,
    );
    // The built-in channel is off: the page talks to Azure only.
    expect((await fetch(`${running.url}/v3/directline/conversations`, { method: 'POST' })).status).toBe(404);
  });

  it('answers 502 when Azure does not give a token', async () => {
    azure.closeAllConnections();
    await new Promise((resolve) => azure.close(resolve));
    const res = await fetch(`${running.url}/api/webchat/token`, { method: 'POST' });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: { code: 'BadGateway', message: 'the chat service is not available right now' } });
    azure.listen(0, '127.0.0.1');
  });
});
