import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { message, startServer, type Running } from './harness';

/**
 * The real Bot Framework token check (botframework-connector's JwtTokenValidation, through
 * CloudAdapter's authentication), against a local OpenID configuration and JWKS stand-in on
 * 127.0.0.1 (BOT_OPENID_METADATA_URL): a correctly signed token is accepted, each forgery gets
 * 401 with no detail, and unreachable metadata gets 503.
 */
const APP_ID = '11111111-2222-4333-8444-555555555555';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';
const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function signed(
  privateKey: KeyObject,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'test-key' },
): string {
  const body = `${b64url(header)}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url');
  return `${body}.${signature}`;
}

class OpenIdStandIn {
  private server?: Server;
  url = '';
  readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  async start(): Promise<void> {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    this.server = createServer((req, res) => {
      const base = this.url.replace(/\/openid$/, '');
      const body =
        req.url === '/openid'
          ? { issuer: ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }
          : req.url === '/keys'
            ? { keys: [{ kty: 'RSA', use: 'sig', kid: 'test-key', n: jwk.n, e: jwk.e, endorsements: ['msteams', 'emulator'] }] }
            : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/openid`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe('Bot Framework tokens on POST /api/messages (MicrosoftAppId set)', () => {
  const openId = new OpenIdStandIn();
  let running: Running;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: SERVICE_URL,
    nbf: now() - 60,
    exp: now() + 3600,
    ...overrides,
  });
  const activity = message('cours de français', { channelId: 'msteams', serviceUrl: SERVICE_URL });
  const send = (token: string) =>
    fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(activity),
    });

  beforeAll(async () => {
    await openId.start();
    running = await startServer({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-with-expect-replies', BOT_OPENID_METADATA_URL: openId.url } });
  });
  afterAll(async () => {
    await running.stop();
    await openId.stop();
  });

  it('accepts a correctly signed token and answers the turn', async () => {
    const res = await send(signed(openId.keys.privateKey, claims()));
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('Francisation Québec');
  });

  it.each([
    ['alg none', () => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}.`],
    [
      'HS256 with a guessed key',
      () => {
        const body = `${b64url({ alg: 'HS256', typ: 'JWT', kid: 'test-key' })}.${b64url(claims())}`;
        return `${body}.${createHmac('sha256', 'guess').update(body).digest('base64url')}`;
      },
    ],
    ['expired', () => signed(openId.keys.privateKey, claims({ nbf: now() - 7200, exp: now() - 3600 }))],
    ['wrong audience', () => signed(openId.keys.privateKey, claims({ aud: '99999999-2222-4333-8444-555555555555' }))],
    ['wrong issuer', () => signed(openId.keys.privateKey, claims({ iss: 'https://evil.example' }))],
    ['signed by another key', () => signed(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, claims())],
    ['not a token', () => 'hello'],
  ])('refuses a forged token (%s) with 401 and no detail', async (_name, token) => {
    const res = await send(token());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 'Unauthorized', message: 'a valid Bot Framework token is required' });
  });

  it('refuses a request with no token', async () => {
    const res = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(res.status).toBe(401);
  });
});

describe('Bot Framework tokens when the OpenID metadata cannot be reached', () => {
  it('answers 503 with Retry-After, not 500', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const running = await startServer({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', BOT_OPENID_METADATA_URL: `http://127.0.0.1:${port}/openid` },
    });
    try {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const token = signed(privateKey, { iss: ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, exp: Math.floor(Date.now() / 1000) + 600 });
      const res = await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(message('bonjour', { channelId: 'msteams', serviceUrl: SERVICE_URL })),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('10');
      expect(await res.json()).toEqual({ code: 'ServiceUnavailable', message: 'the credentials cannot be checked right now, try again' });
    } finally {
      await running.stop();
    }
  });
});
