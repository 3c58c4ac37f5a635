import type { Request, Response } from 'restify';
import type restify from 'restify';
import { sendError } from '../server/async-handler';

/** What the admin routes share: request helpers and the authenticated route wrapper's type. */

export type Handler = (req: Request, res: Response, who: string) => Promise<void>;
export type Route = (handle: Handler, options?: { body?: boolean }) => restify.RequestHandler;

/** `"abc"` or `W/"abc"` → `abc`; absent → undefined. */
export const ifMatchOf = (req: Request): string | undefined =>
  req
    .header('if-match')
    ?.trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1') || undefined;
export const quoted = (etag: string) => `"${etag}"`;

/** The body as JSON, or an answer (415/400) already sent. */
export function jsonBody(req: Request, res: Response, optional = false): { ok: true; value: unknown } | { ok: false } {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : typeof req.body === 'string' ? req.body : '';
  if (optional && raw.trim() === '') return { ok: true, value: undefined };
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    sendError(res, 415, 'UnsupportedMediaType', 'the body must be JSON (Content-Type: application/json)');
    return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    sendError(res, 400, 'BadRequest', 'the body is not valid JSON');
    return { ok: false };
  }
}
