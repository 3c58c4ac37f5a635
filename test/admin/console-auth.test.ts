import { createHash } from 'node:crypto';
import { startServer, type Running } from '../server/harness';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const ALICE = 'alice-token-0123456789abcdef';
const ADMIN_OID = '9f8e7d6c-0000-4000-8000-00000000a11c';

/** Signs in on /admin with a token; returns the session cookie (name=value) and the Set-Cookie line. */
async function signIn(url: string, token: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/admin/session`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token, lang: 'en' }).toString(),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { status: res.status, location: res.headers.get('location'), setCookie, cookie: setCookie.split(';')[0]! };
}
const csrfOf = (html: string) => /data-csrf="([^"]+)"/.exec(html)?.[1];

describe('the admin console: sign-in, session cookie, CSRF', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer({ store: true, env: { ADMIN_TOKEN_HASHES: `alice:${sha(ALICE)}`, TRUST_PROXY: 'true' } });
  });
  afterAll(() => running.stop());

  it('shows a sign-in form, refuses a wrong token, and trades a right one for an HttpOnly, SameSite=Strict session', async () => {
    const page = await fetch(`${running.url}/admin?lang=fr`);
    expect(page.status).toBe(401);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('Jeton d’administration');

    const wrong = await signIn(running.url, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.setCookie).toBe('');

    const right = await signIn(running.url, ALICE);
    expect(right.status).toBe(303);
    expect(right.location).toBe('/admin?lang=en');
    expect(right.setCookie).toMatch(/^passerelle_admin=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/);
    const consolePage = await fetch(`${running.url}/admin?lang=en`, { headers: { Cookie: right.cookie } });
    expect(consolePage.status).toBe(200);
    const html = await consolePage.text();
    expect(html).toContain('Signed in as alice');
    expect(csrfOf(html)).toMatch(/^[\w-]{40,}$/);
    // Secure behind TLS (a proxy that says so, with TRUST_PROXY).
    expect((await signIn(running.url, ALICE, { 'X-Forwarded-Proto': 'https' })).setCookie).toMatch(/; Secure$/);
  });

  it("lets the session read the API, and change it only with the page's CSRF token", async () => {
    const { cookie } = await signIn(running.url, ALICE);
    const csrf = csrfOf(await (await fetch(`${running.url}/admin`, { headers: { Cookie: cookie } })).text())!;
    expect((await fetch(`${running.url}/api/admin/changesets`, { headers: { Cookie: cookie } })).status).toBe(200);
    const create = (headers: Record<string, string>) =>
      fetch(`${running.url}/api/admin/changesets`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers },
        body: '{"name":"x"}',
      });
    const forged = await create({});
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: 'CsrfTokenMissing' });
    expect((await create({ 'X-CSRF-Token': 'guessed' })).status).toBe(403);
    expect((await create({ 'X-CSRF-Token': csrf })).status).toBe(201);
    // A tampered cookie is no session.
    expect((await fetch(`${running.url}/api/admin/changesets`, { headers: { Cookie: `${cookie}x` } })).status).toBe(401);
  });

  it('ignores App Service identity headers unless ADMIN_AUTH=appservice (anyone could send them)', async () => {
    const forged = { 'X-MS-CLIENT-PRINCIPAL-ID': ADMIN_OID, 'X-MS-CLIENT-PRINCIPAL-NAME': 'mallory@example.org' };
    expect((await fetch(`${running.url}/admin`, { headers: forged })).status).toBe(401);
    expect((await fetch(`${running.url}/api/admin/changesets`, { headers: forged })).status).toBe(401);
  });

  it('signs out only from its own form', async () => {
    const { cookie } = await signIn(running.url, ALICE);
    const csrf = csrfOf(await (await fetch(`${running.url}/admin`, { headers: { Cookie: cookie } })).text())!;
    const out = (token: string) =>
      fetch(`${running.url}/admin/session/end`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: token }).toString(),
      });
    expect((await out('guessed')).status).toBe(403);
    const ended = await out(csrf);
    expect(ended.status).toBe(303);
    expect(ended.headers.get('set-cookie')).toMatch(/^passerelle_admin=; .*Max-Age=0/);
  });
});

describe('the admin console with ADMIN_AUTH=appservice', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer({ store: true, env: { ADMIN_AUTH: 'appservice', ADMIN_AAD_OBJECT_IDS: ADMIN_OID } });
  });
  afterAll(() => running.stop());

  it("takes App Service's identity for the admins listed, still with CSRF on changes; no token works", async () => {
    const admin = { 'X-MS-CLIENT-PRINCIPAL-ID': ADMIN_OID.toUpperCase(), 'X-MS-CLIENT-PRINCIPAL-NAME': 'alice@mifi.example' };
    const page = await fetch(`${running.url}/admin`, { headers: admin });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('alice@mifi.example');
    const csrf = csrfOf(html)!;
    const create = (headers: Record<string, string>) =>
      fetch(`${running.url}/api/admin/changesets`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{"name":"x"}' });
    expect((await create(admin)).status).toBe(403);
    const created = await create({ ...admin, 'X-CSRF-Token': csrf });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ owner: 'alice@mifi.example' });
    // Someone signed in to the tenant but not an admin.
    expect((await fetch(`${running.url}/admin`, { headers: { 'X-MS-CLIENT-PRINCIPAL-ID': '00000000-0000-4000-8000-000000000000' } })).status).toBe(401);
    expect((await fetch(`${running.url}/admin/session`, { method: 'POST', body: 'token=x' })).status).toBe(404);
  });
});
