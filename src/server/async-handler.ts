import { instruments } from '../telemetry/telemetry';
import type { Next, Request, RequestHandler, Response } from 'restify';
import type { Logger } from '../log/logger';

/**
 * restify 9+ refuses an `async (req, res, next)` handler at registration: routes are written as
 * async functions of (req, res) and wrapped here. An error that escapes is a bug of ours: it is
 * logged, and the client gets a short 500 with no detail.
 */
export function asyncHandler(logger: Logger, handle: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    handle(req, res).then(
      () => next(),
      (err: unknown) => {
        logger.error({ err, path: req.path() }, 'request failed');
        if (!res.headersSent) res.send(500, { code: 'InternalServer', message: 'internal error' });
        next(false);
      },
    );
  };
}

/** A 4xx (or 503) with a short JSON reason, in restify's own error shape. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  if (status === 429 || status === 503) instruments().refused.add(1, { status, route: 'http' });
  res.send(status, { code, message });
}
