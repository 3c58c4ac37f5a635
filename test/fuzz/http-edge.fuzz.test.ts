import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { startServerProcess, type ServerProcess } from '../faults/server-process';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';
import { rawRequest } from '../helpers/raw-http';
import { Tally } from './fuzz-kit';

/**
 * The HTTP layer under raw requests, sent byte for byte to the real server process as `npm start`
 * runs it, on 127.0.0.1: request targets in origin and absolute form (odd hosts, percent-encoding
 * good and broken, names of Object.prototype in every path segment and query key), methods,
 * header shapes, WebSocket upgrades, over every route of the server. Fixed seed, bounded runs.
 * The process must never exit, and nothing may answer 5xx but the documented 503s.
 */
const SEED = 20261202;
const RUNS = Number(process.env.HTTP_FUZZ_RUNS ?? 2000);
const ADMIN_TOKEN = 'fuzz-admin-token';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];
const segment = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES, 'app.js', 'page.css', 'favicon.svg', 'francisation-quebec', '1', '0', '-1', '..', '.', '', 'abc'),
  fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%00', '%2F', '%2e%2e', '%C3%A9', '%FF%FE', '%uD800', '%F0%9F%98%80', '%25'),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
  fc.string({ unit: 'binary', maxLength: 8 }).map((s) =>
    Buffer.from(s, 'utf8')
      .toString('latin1')
      .replace(/[\s/?#]/g, '_'),
  ),
  fc.constant('x'.repeat(3000)),
);
const ROUTES = [
  '/',
  '/healthz',
  '/readyz',
  '/privacy',
  '/terms',
  '/api/messages',
  '/api/webchat/token',
  '/webchat/webchat.js',
  '/static/{}',
  '/v3/directline/conversations',
  '/v3/directline/conversations/{}',
  '/v3/directline/conversations/{}/activities',
  '/v3/directline/conversations/{}/stream',
  '/v3/directline/tokens/refresh',
  '/api/admin/offerings',
  '/api/admin/offerings/{}',
  '/api/admin/publish',
  '/api/admin/rollback/{}',
  '/api/admin/versions',
  '/api/admin/audit',
  '/api/admin/reports/referrals',
  '/api/admin/reports/staleness',
  '/{}',
  '/{}/{}',
];
const path = fc.tuple(fc.constantFrom(...ROUTES), fc.array(segment, { minLength: 3, maxLength: 3 })).map(([route, segs]) => {
  let i = 0;
  return route.replace(/\{\}/g, () => segs[i++]!);
});
const query = fc.option(
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, 'watermark', 'lang', 't', 'format', 'limit', 'before', 'locale'), segment), segment), {
      maxLength: 4,
    })
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  { nil: '' },
);
const host = fc.constantFrom('localhost', '127.0.0.1', '[', '[::1]', 'x:99999', 'a b', '', 'exa mple', '%41', 'xn--', '[::ffff:127.0.0.1]', '..');
const target = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(path, query).map(([p, q]) => p + q) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('http://', 'https://', 'ws://', 'HTTP://', '//'), host, path, query).map(([s, h, p, q]) => s + h + p + q) },
  { weight: 1, arbitrary: fc.constantFrom('*', '', 'http://[', 'http://[/healthz', '/%', '?', '#', '/\\..\\') },
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', 'FOO', 'CONNECT');
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/vnd+json',
  '',
  ';;;',
  'application/json; boundary=__proto__',
);
const authorization = fc.constantFrom('', 'Bearer x', `Bearer ${ADMIN_TOKEN}`, 'Bearer ', 'Basic YTpi', 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.e30.');
const body = fc.oneof(
  fc.constant(''),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '[]', 'null', '{'),
  fc.string({ maxLength: 200 }),
);
const upgrade = fc.boolean();
const forwarded = fc.constantFrom('', '1.2.3.4', '1.2.3.4, 5.6.7.8', 'garbage', '__proto__', ',,,');

const request = fc.record({ method, target, host, contentType, authorization, body, upgrade, forwarded }).map((r) => {
  const bytes = Buffer.from(r.body, 'utf8');
  const headers = [
    r.host === '' ? undefined : `Host: ${r.host}`,
    r.contentType ? `Content-Type: ${r.contentType}` : undefined,
    r.authorization ? `Authorization: ${r.authorization}` : undefined,
    r.forwarded ? `X-Forwarded-For: ${r.forwarded}` : undefined,
    r.upgrade ? 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13' : 'Connection: close',
    `Content-Length: ${bytes.length}`,
  ].filter(Boolean);
  return {
    text: Buffer.concat([Buffer.from(`${r.method} ${r.target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]),
    line: `${r.method} ${r.target.slice(0, 120)}`,
  };
});

jest.setTimeout(240_000);

describe('fuzzing the HTTP layer of the real server process (fixed seed)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-httpfuzz-'));
  let server: ServerProcess;
  const statuses = new Tally();
  const failures: string[] = [];

  beforeAll(async () => {
    server = await startServerProcess({
      DATA_DIR: dataDir,
      KNOWLEDGE_DIR: REAL_KNOWLEDGE,
      ADMIN_TOKEN_HASHES: `fuzz:${createHash('sha256').update(ADMIN_TOKEN).digest('hex')}`,
      TRUST_PROXY: 'true',
      WEBCHAT_IP_REQUESTS_PER_MINUTE: '1000000',
      WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE: '1000000',
    });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never ends the process and never answers 5xx (but the documented 503s)', async () => {
    const port = Number(new URL(server.url).port);
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 8, maxLength: 8 }), async (batch) => {
        const answers = await Promise.all(batch.map((r) => rawRequest(port, r.text, 2000)));
        answers.forEach((a, i) => {
          statuses.add(a.status ?? (a.closed ? 'closed' : 'no answer'));
          if (a.status !== undefined && a.status >= 500 && a.status !== 503) failures.push(`${a.status} ← ${batch[i]!.line}`);
        });
        return server.child.exitCode === null && server.child.signalCode === null;
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 8), endOnFailure: true },
    );
    console.log(`HTTP fuzz: ${statuses.total} raw requests, statuses ${JSON.stringify(statuses)}`);
    expect(failures).toEqual([]);
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.lines.filter((l) => (l.level ?? 0) >= 50).map((l) => l.msg)).toEqual([]);
  });
});
