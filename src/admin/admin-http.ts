import type { Request, Response } from 'restify';
import type restify from 'restify';
import { languageOfLocale } from '../i18n/resolve-language';
import type { Language } from '../knowledge/vocabulary';
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

/**
 * The language of validation messages (422 `errors`): the first of French and English the
 * request's Accept-Language names (by weight, then order; `q=0` means not wanted), else English,
 * as `kb validate` writes them: API clients and curl, which send none, see English.
 */
export function messageLanguage(req: Request): Language {
  const ranked = (req.header('accept-language') ?? '')
    .split(',')
    .map((part, order) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: languageOfLocale(tag), weight: q === undefined ? 1 : Number(q), order };
    })
    .filter((x): x is { lang: Language; weight: number; order: number } => x.lang !== undefined && x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  return ranked[0]?.lang ?? 'en';
}

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
