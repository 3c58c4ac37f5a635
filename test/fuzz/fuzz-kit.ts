import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * The process jest runs in. Inside a test file `process` is jest's copy, with its own event
 * listeners: `unhandledRejection` and `uncaughtException` are emitted on the real one only.
 */
export const realProcess = vm.runInThisContext('process') as NodeJS.Process;

/** Records every unhandled rejection and uncaught exception, on jest's `process` and the real one. */
export class CrashRecorder {
  readonly seen: { event: string; error: string }[] = [];
  private readonly listeners: [NodeJS.Process, string, (e: unknown) => void][] = [];

  start(): void {
    for (const target of new Set([process, realProcess])) {
      for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
        const listener = (e: unknown) => this.seen.push({ event, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) });
        target.on(event, listener);
        this.listeners.push([target, event, listener]);
      }
    }
  }

  stop(): void {
    for (const [target, event, listener] of this.listeners.splice(0)) target.off(event, listener);
  }
}

/** `global.gc` for a test: jest runs without --expose-gc. */
export function forcedGc(): () => Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return async () => {
    // A few rounds, letting timers and finalizers run in between.
    for (let i = 0; i < 4; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Counts what was seen, e.g. HTTP statuses. */
export class Tally {
  readonly counts = new Map<string | number, number>();
  add(key: string | number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => String(a).localeCompare(String(b))));
  }
}

/**
 * A stand-in for the Bot Connector on 127.0.0.1: activities that ask for replies at `serviceUrl`
 * get them here, answered with an id. It only counts (recording thousands would skew the heap).
 */
export class ConnectorSink {
  requests = 0;
  url = '';
  private server?: Server;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests += 1;
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: `sink-${this.requests}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/**
 * Any http(s) URL in the body that is not on 127.0.0.1 is replaced by `local`: the bot posts
 * replies to `serviceUrl`, and nothing in these tests may leave the machine.
 */
export function confineUrls(activity: Record<string, unknown>, local: string): Record<string, unknown> {
  const url = activity.serviceUrl;
  if (typeof url === 'string') {
    try {
      const parsed = new URL(url);
      if (parsed.hostname !== '127.0.0.1') activity.serviceUrl = local;
    } catch {
      // not a URL: the guard refuses it, or nothing is posted to it
    }
  }
  return activity;
}

export interface Sent {
  status: number;
  body: string;
}

/** One request; fails (rejects) when no response arrives within `ms`. */
export async function send(url: string, init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string> }, ms = 15_000): Promise<Sent> {
  const res = await fetch(url, { method: init.method ?? 'POST', body: init.body, headers: init.headers, signal: AbortSignal.timeout(ms) });
  return { status: res.status, body: await res.text() };
}

/**
 * `fc.assert` with a short report: the default one prints the whole counterexample, which for a
 * 100 KB string or a body nested 10,000 levels deep buries the message.
 */
export async function assertProperty<Ts>(property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>, params: fc.Parameters<Ts>): Promise<void> {
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, params);
  if (!details.failed) return;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `Property failed after ${details.numRuns} run(s) and ${details.numShrinks} shrink(s) (replay: { seed: ${details.seed}, path: "${details.counterexamplePath}" })\n` +
      `${error.slice(0, 3_000)}\nCounterexample (cut): ${fc.stringify(details.counterexample).slice(0, 1_500)}`,
  );
}
