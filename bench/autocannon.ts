/**
 * autocannon 8's programmatic API, typed for what `bench/turns.ts` uses (the package ships no
 * types). See node_modules/autocannon/README.md, "API".
 */
import { createRequire } from 'node:module';

/** One request of a client's sequence; `setupRequest` runs right before the request is written. */
export interface AutocannonRequest {
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest | undefined;
  onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => void;
}

/** The `Client` handed to `setupClient`, one per connection. */
export interface AutocannonClient {
  setRequests(requests: AutocannonRequest[]): void;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  pipelining?: number;
  /** Seconds before a request is given up on (and counted as a timeout). */
  timeout?: number;
  setupClient?: (client: AutocannonClient) => void;
  requests?: AutocannonRequest[];
}

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  total: number;
}

export interface AutocannonResult {
  /** Seconds, as measured by autocannon. */
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  requests: Histogram;
  latency: Histogram;
}

/** A running benchmark: awaitable for its result; `stop()` ends it at the next one-second tick. */
export interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  stop(): void;
  /** Connection errors and timeouts (`error.message === 'request timed out'`). */
  on(event: 'reqError', listener: (error: Error) => void): this;
}

type Autocannon = (options: AutocannonOptions) => AutocannonInstance;

export const autocannon = createRequire(__filename)('autocannon') as Autocannon;
