import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';
import { rawRequest, upgradeRequest } from '../helpers/raw-http';
import { ROOT, startServerProcess, type ServerProcess } from './server-process';

/**
 * The four requests that each ended the process (issue 13), sent to the real server as `npm start`
 * runs it: each gets its 4xx, and the process answers the next request.
 */
describe('the process survives the requests that used to end it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-crash-'));
  let server: ServerProcess;
  let port: number;

  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: dataDir, KNOWLEDGE_DIR: REAL_KNOWLEDGE });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stillServing = async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
  };

  it('GET /static/__proto__ (and constructor, toString, hasOwnProperty): 404', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect([name, (await fetch(`${server.url}/static/${name}`)).status]).toEqual([name, 404]);
    }
    await stillServing();
  });

  it('an absolute-form target with a bad host: 400', async () => {
    expect((await rawRequest(port, 'GET http://[/healthz HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(400);
    await stillServing();
  });

  it('the same target on a WebSocket upgrade: 400', async () => {
    expect((await rawRequest(port, upgradeRequest('http://[/v3/directline/conversations/abc/stream'))).status).toBe(400);
    await stillServing();
  });

  it('malformed percent-encoding in the stream path with a valid token: 400', async () => {
    const { token } = (await (await fetch(`${server.url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string };
    expect((await rawRequest(port, upgradeRequest(`/v3/directline/conversations/%E0%A4%A/stream?t=${token}`))).status).toBe(400);
    await stillServing();
  });

  it('logged nothing but warnings about them: no error, no fatal', () => {
    expect(server.lines.filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
  });
});

describe('a data folder that cannot be written', () => {
  it('stops start-up with one line naming DATA_DIR and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-nodata-'));
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    try {
      const run = spawnSync(process.execPath, ['dist/src/index.js'], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: join(file, 'data'), PORT: '0', HOST: '127.0.0.1', NODE_OPTIONS: '--no-deprecation', MicrosoftAppId: '' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        `Invalid settings:\n  - DATA_DIR=${JSON.stringify(join(file, 'data'))}: cannot be written (ENOTDIR: a file is in the way)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
