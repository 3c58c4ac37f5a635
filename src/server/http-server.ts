import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from '../log/logger';
import { sendError } from './async-handler';

/** How long a drain waits for open connections once the work in flight is done. */
const CLOSE_GRACE_MS = 5_000;

export interface HttpServer {
  server: Server;
  /** True once a drain has begun: every POST is then refused with 503. */
  readonly draining: boolean;
  /** Starts listening; resolves with the base URL (`http://127.0.0.1:PORT`). */
  listen(port: number, host: string): Promise<string>;
  /**
   * Graceful stop: refuse new POSTs, stop accepting connections, run `finish` (the owner's work in
   * flight), then close the connections left (cut after a grace period).
   */
  drain(finish: () => Promise<void>): Promise<void>;
}

/**
 * restify as every route of Passerelle expects it: query strings parsed (not mapped to params),
 * restify's own logger silenced (it would write whole requests, message text included, when a
 * handler fails), failures logged without content, and a drain mode for shutdown.
 */
export function createHttpServer(logger: Logger): HttpServer {
  let draining = false;
  // Route parameters up to 256 characters (find-my-way's default is 100): a referral link's signed token is longer.
  const server = restify.createServer({ name: 'passerelle', log: pino({ level: 'silent' }) as never, maxParamLength: 256 });
  refuseUnreadableTargets(server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.pre((req: Request, res: Response, next) => {
    if (!draining || req.method !== 'POST') return next();
    res.header('Connection', 'close');
    sendError(res, 503, 'ServiceUnavailable', 'the server is shutting down');
    return next(false);
  });
  server.on('after', (req: Request, res: Response) => {
    const fields = { method: req.method, path: req.path(), status: res.statusCode };
    if (res.statusCode >= 500) logger.warn(fields, 'request failed');
    else logger.debug(fields, 'request');
  });

  return {
    server,
    get draining() {
      return draining;
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address: AddressInfo = server.address();
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost}:${address.port}`);
        });
      }),
    drain: async (finish) => {
      draining = true;
      const closed = new Promise<void>((resolve) => {
        if (!server.server.listening) return resolve();
        server.close(() => resolve());
      });
      server.server.closeIdleConnections();
      await finish();
      // Keep-alive connections that served the last requests are idle now; any still open after a grace period are cut.
      server.server.closeIdleConnections();
      const grace = setTimeout(() => server.server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(grace);
    },
  };
}

/**
 * Whether a request target can be read as a URL (origin or absolute form) with a path whose
 * percent-encoding decodes: restify, and any code after it, may assume both. "GET http://[/"
 * made restify throw out of its request handler and end the process.
 */
export function readableTarget(target: string | undefined): URL | undefined {
  try {
    const url = new URL(target ?? '/', 'http://localhost');
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return undefined;
  }
}

/** Puts a check in front of restify's own request handler: an unreadable target gets 400 and never reaches it. */
function refuseUnreadableTargets(server: Server): void {
  const http = server.server;
  const handlers = http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (readableTarget(req.url)) {
      for (const handle of handlers) handle.call(http, req, res);
      return;
    }
    const body = JSON.stringify({ code: 'BadRequest', message: 'the request target is not a valid URL' });
    res.writeHead(400, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
    res.end(body);
  });
}
