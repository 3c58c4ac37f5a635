import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** One pino line of the server's stdout (or the raw text when it is not JSON). */
export interface LogLine {
  level?: number;
  msg?: string;
  [field: string]: unknown;
}

export interface ServerProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT`, from the "Passerelle is listening" line. */
  url: string;
  /** Every stdout line so far, parsed. */
  lines: LogLine[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (graceful) by default; resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The real server, as `npm start` runs it (`node dist/src/index.js`, the compiled build), on 127.0.0.1 and a
 * port the system picks. Resolves once it logs its URL; rejects with its output if it exits first
 * or does not listen within `timeoutMs`.
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 45_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['dist/src/index.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      MicrosoftAppId: '',
      // No warning noise about restify's http_parser access in the captured output.
      NODE_OPTIONS: '--no-deprecation',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`the server did not listen within ${timeoutMs} ms\nstdout: ${JSON.stringify(lines).slice(0, 3_000)}\nstderr: ${stderr.slice(0, 3_000)}`),
      );
    }, timeoutMs);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the server exited (code ${code}, signal ${signal}) before listening\nstdout: ${JSON.stringify(lines).slice(0, 3_000)}\nstderr: ${stderr.slice(0, 3_000)}`,
        ),
      );
    });
    createInterface({ input: child.stdout }).on('line', (text) => {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { raw: text };
      }
      lines.push(line);
      if (typeof line.url === 'string' && /listening/.test(String(line.msg))) {
        clearTimeout(timer);
        resolve({
          child,
          url: line.url,
          lines,
          stderr: () => stderr,
          exited,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
  });
}

/** Polls `test` until it holds, every `everyMs`; fails after `timeoutMs` with `what`. */
export async function waitFor(test: () => boolean, what: string, timeoutMs = 20_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface Answer {
  status: number;
  texts: string[];
  body: string;
}

/** One activity to POST /api/messages with replies in the response body; the texts of the replies. */
export async function postActivity(url: string, activity: Record<string, unknown>, timeoutMs = 20_000): Promise<Answer> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deliveryMode: 'expectReplies', recipient: { id: 'passerelle' }, ...activity }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.text();
  let texts: string[] = [];
  try {
    const parsed = JSON.parse(body) as { activities?: { text?: string }[] };
    texts = (parsed.activities ?? []).map((a) => a.text ?? '');
  } catch {
    // not JSON: the status says what happened
  }
  return { status: res.status, texts, body };
}
