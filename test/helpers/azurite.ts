import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const MAIN = require.resolve('azurite/dist/src/blob/main.js');

/**
 * Azurite's Blob service from node_modules, on 127.0.0.1: a free port the first time, the same
 * port and data folder after `stop()` + `start()` (an outage and its end). Telemetry off: tests
 * reach nothing outside this machine.
 */
export class Azurite {
  private child?: ChildProcess;
  private port = 0;
  readonly location = mkdtempSync(join(tmpdir(), 'passerelle-azurite-'));

  get connectionString(): string {
    return `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${this.port}/${ACCOUNT};`;
  }

  async start(): Promise<string> {
    const args = [
      MAIN,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(this.port),
      '--location',
      this.location,
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--loose',
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`Azurite did not start: ${out}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.on('exit', (code) => reject(new Error(`Azurite exited (${code}): ${out}`)));
    });
    return this.connectionString;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGCONT'); // a frozen Azurite cannot exit
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // SIGINT lets Azurite save its metadata (a SIGKILL loses recent containers and blobs, which a
    // real storage account would not); SIGKILL only if it does not stop.
    child.kill('SIGINT');
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  }

  /** Freezes the process (SIGSTOP): connections hang instead of being refused, as with a stuck network. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.location, { recursive: true, force: true });
  }
}
