/**
 * Servers under test as child processes (`node dist/…js`, or `node --import tsx FILE.ts`), so that autocannon, in the
 * benchmark's own process, does not share an event loop with them: start, wait for `GET /readyz`,
 * read the process's RSS and CPU time from /proc, stop.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface ChildServer {
  pid: number;
  url: string;
  /** Milliseconds from spawn to the first 200 of `GET /readyz`. */
  readyMs: number;
  /** The last lines the process wrote on stderr. */
  stderr(): string;
  stop(): Promise<void>;
}

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Spawns `node [nodeArgs] [--import tsx] script` in `cwd` with only `env` (and PATH, HOME), on
 * 127.0.0.1 and a free port, and resolves once `GET /readyz` answers 200 (polled every 20 ms).
 */
export async function startChild(
  script: string,
  options: { cwd: string; env: Record<string, string>; nodeArgs?: string[]; timeoutMs?: number; onStdoutLine?: (line: string) => void },
): Promise<ChildServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // TypeScript runs through tsx; the compiled build (dist/…js) runs on plain node, as `npm start` does.
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const proc: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, script], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', options.onStdoutLine ? 'pipe' : 'ignore', 'pipe'],
  });
  if (options.onStdoutLine) {
    let partial = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(options.onStdoutLine!);
    });
  }
  let err = '';
  proc.stderr!.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4000);
  });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    proc.once('exit', (code) => {
      exited = code;
      resolve();
    }),
  );

  const deadline = started + (options.timeoutMs ?? 300_000);
  let readyMs = 0;
  while (!readyMs) {
    if (exited !== undefined) throw new Error(`${script} exited (${exited}) before it was ready:\n${err}`);
    if (performance.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${script} not ready after ${options.timeoutMs} ms:\n${err}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      await res.arrayBuffer();
      if (res.status === 200) readyMs = performance.now() - started;
    } catch {
      // not listening yet
    }
    if (!readyMs) await sleep(20);
  }

  return {
    pid: proc.pid!,
    url,
    readyMs,
    stderr: () => err,
    stop: async () => {
      if (exited !== undefined) return;
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

/** Resident set size of a process, in MB (VmRSS of /proc/PID/status). */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}

let ticksPerSecond: number | undefined;
const ticks = () => (ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100);

/** CPU time the whole machine has been busy so far, all cores, in ms (/proc/stat): to see what else ran. */
export function machineBusyMs(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / ticks();
}

/** CPU time (user + system) a process has used so far, in ms (/proc/PID/stat). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3: utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks();
}
