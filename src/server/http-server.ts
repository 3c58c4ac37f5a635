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
  const server = restify.createServer({ name: 'passerelle', log: pino({ level: 'silent' }) as never });
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
