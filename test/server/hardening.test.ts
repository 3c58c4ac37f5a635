import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { clientIp } from '../../src/server/client-address';
import { echoable } from '../../src/text/echo';
import { rawRequest, upgradeRequest } from '../helpers/raw-http';
import { message, post, startServer, type Running } from './harness';

const ADMIN_TOKEN = 'hardening-admin-token';
const ADMIN_HASH = createHash('sha256').update(ADMIN_TOKEN).digest('hex');
const portOf = (url: string) => Number(new URL(url).port);

describe('requests that used to end the process get a 400, and the server keeps serving', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer();
  });
  afterAll(async () => {
    await running.stop();
  });
  const healthy = async () => expect((await fetch(`${running.url}/healthz`)).status).toBe(200);

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('GET /static/%s is 404', async (name) => {
    expect((await fetch(`${running.url}/static/${name}`)).status).toBe(404);
    await healthy();
  });

  it('an absolute-form target with a bad host: 400', async () => {
    const answer = await rawRequest(portOf(running.url), 'GET http://[/healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer.status).toBe(400);
    await healthy();
  });

  it('malformed percent-encoding in a path: 400', async () => {
    expect((await rawRequest(portOf(running.url), 'GET /static/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(400);
    await healthy();
  });

  it('the same target on a WebSocket upgrade: 400, socket closed', async () => {
    const answer = await rawRequest(portOf(running.url), upgradeRequest('http://[/v3/directline/conversations/abc/stream'));
    expect(answer).toMatchObject({ status: 400, closed: true });
    await healthy();
  });

  it('malformed percent-encoding in the stream path, with a valid token: 400', async () => {
    const { token } = (await (await fetch(`${running.url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string };
    const answer = await rawRequest(portOf(running.url), upgradeRequest(`/v3/directline/conversations/%E0%A4%A/stream?t=${token}`));
    expect(answer).toMatchObject({ status: 400, closed: true });
    await healthy();
  });
});

describe('the client address behind proxies (TRUST_PROXY_HOPS)', () => {
  const req = (xff: string | undefined, peer = '10.0.0.9') =>
    ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;

  it('is the entry that many places from the right; what the client wrote further left does not count', () => {
    expect(clientIp(req('6.6.6.6, 203.0.113.5'), { trustProxy: true, trustProxyHops: 1 })).toBe('203.0.113.5');
    expect(clientIp(req('6.6.6.6, 203.0.113.5, 10.1.1.1'), { trustProxy: true, trustProxyHops: 2 })).toBe('203.0.113.5');
    expect(clientIp(req('203.0.113.5'), { trustProxy: true, trustProxyHops: 2 })).toBe('10.0.0.9');
    expect(clientIp(req('6.6.6.6'), { trustProxy: false })).toBe('10.0.0.9');
    expect(clientIp(req(undefined), { trustProxy: true })).toBe('10.0.0.9');
  });

  it('rotating the leftmost X-Forwarded-For entry no longer dodges the admin limit', async () => {
    const running = await startServer({ store: true, env: { TRUST_PROXY: 'true', ADMIN_TOKEN_HASHES: `alice:${ADMIN_HASH}` } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 14; i++) {
        const res = await fetch(`${running.url}/api/admin/versions`, {
          headers: { authorization: 'Bearer wrong', 'x-forwarded-for': `10.9.9.${i}, 127.0.0.1` },
        });
        codes.push(res.status);
      }
      expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
      expect(codes.slice(10)).toEqual([429, 429, 429, 429]);
    } finally {
      await running.stop();
    }
  });
});

describe('the admin API', () => {
  let running: Running;
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  beforeAll(async () => {
    running = await startServer({ store: true, env: { ADMIN_TOKEN_HASHES: `alice:${ADMIN_HASH}` } });
  });
  afterAll(async () => {
    await running.stop();
  });

  it('refuses an offering id that is a name of JavaScript objects with 422, and publishes nothing', async () => {
    const res = await fetch(`${running.url}/api/admin/offerings/constructor`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(422);
    const { errors } = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(errors[0]).toEqual({ path: '', message: expect.stringMatching(/^"constructor" is a reserved name/) as unknown });
    expect((await fetch(`${running.url}/api/admin/publish`, { method: 'POST', headers: auth })).status).toBe(409);
  });

  it('answers with Cache-Control: no-store, refusals included', async () => {
    const ok = await fetch(`${running.url}/api/admin/versions`, { headers: auth });
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const refused = await fetch(`${running.url}/api/admin/versions`, { headers: { authorization: 'Bearer nope' } });
    expect([refused.status, refused.headers.get('cache-control')]).toEqual([401, 'no-store']);
  });

  it('reads a body only once the token is good: a large body with a bad token is 401, not 413', async () => {
    const big = 'x'.repeat(2_000_000);
    const refused = await fetch(`${running.url}/api/admin/offerings/some-id`, {
      method: 'PUT',
      headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
      body: big,
    });
    expect(refused.status).toBe(401);
    const tooBig = await fetch(`${running.url}/api/admin/offerings/some-id`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: big,
    });
    expect(tooBig.status).toBe(413);
  });
});

describe('web chat quotas', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer({ env: { WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE: '3', WEBCHAT_STREAMS_PER_CONVERSATION: '2' } });
  });
  afterAll(async () => {
    await running.stop();
  });

  it('one address opens WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE conversations a minute, then 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${running.url}/api/webchat/token`, { method: 'POST' });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('a conversation has at most WEBCHAT_STREAMS_PER_CONVERSATION streams open', async () => {
    const token = running.app.webChat.issueToken('fr').token;
    const start = await fetch(`${running.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const { streamUrl } = (await start.json()) as { streamUrl: string };
    const open = (url: string) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.once('open', () => resolve(ws));
        ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))));
        ws.once('error', reject);
      });
    const first = await open(streamUrl);
    const second = await open(streamUrl);
    await expect(open(streamUrl)).rejects.toThrow('429');
    first.close();
    second.close();
  });
});

describe('what the bot quotes back', () => {
  it('drops control characters and bidi overrides, and never cuts inside a surrogate pair', () => {
    expect(echoable('abc\u202Edef\u0007ghi', 80)).toBe('abc def ghi');
    expect(echoable('\u2066x\u2069', 80)).toBe('x');
    const emoji = '😀'.repeat(50);
    const cut = echoable(emoji, 10);
    expect(Array.from(cut)).toHaveLength(10);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('in a conversation: "no service for" a query with a right-to-left override shows it neutralized', async () => {
    const running = await startServer();
    try {
      const { replies } = await post(running.url, message('zzqx\u202Ewwvk'));
      expect(replies[0]!.text).toContain('« zzqx wwvk »');
    } finally {
      await running.stop();
    }
  });
});

describe('names of JavaScript objects as fact ids and option values', () => {
  it('are unknown facts and unknown options, never inherited properties', async () => {
    const { realKnowledge } = await import('./harness');
    const { parseClientFacts } = await import('../../src/eligibility/client-facts');
    const { kb } = realKnowledge();
    expect(() => parseClientFacts(JSON.parse('{"__proto__": "x"}'), kb.facts)).toThrow(/unknown fact "__proto__"/);
    expect(() => parseClientFacts({ constructor: 'x' }, kb.facts)).toThrow(/unknown fact "constructor"/);
    expect(() => parseClientFacts({ status: 'constructor' }, kb.facts)).toThrow(/"constructor" is not one of/);
    expect(() => parseClientFacts({ status: 'toString' }, kb.facts)).toThrow(/is not one of/);
  });
});
