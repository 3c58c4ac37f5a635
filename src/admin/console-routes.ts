import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import restify from 'restify';
import { fromPackageRoot } from '../package-root';
import { RateLimiter } from '../server/rate-limiter';
import { addressOptions, clientIp } from '../server/client-address';
import { queryValue, routeParam } from '../server/request-values';
import type { Language } from '../knowledge/vocabulary';
import { pageLanguage } from '../i18n/page-language';
import type { AdminRoutesDeps } from './admin-routes';
import { renderConsole, renderSignIn } from './console-page';

/** A file of an installed package, found from its entry point (chart.js exports no other path). */
const libraryFile = (pkg: string, path: string) => join(dirname(createRequire(fromPackageRoot('package.json')).resolve(pkg)), path);

const FILES: Record<string, { path: string; type: string }> = {
  'admin.js': { path: join(fromPackageRoot('public'), 'admin.js'), type: 'text/javascript; charset=utf-8' },
  'admin.css': { path: join(fromPackageRoot('public'), 'admin.css'), type: 'text/css; charset=utf-8' },
  'offering.schema.json': { path: join(fromPackageRoot('knowledge'), 'schema', 'offering.schema.json'), type: 'application/json; charset=utf-8' },
  // The libraries the page uses, from node_modules: served here, never from a CDN.
  'adaptivecards.js': { path: libraryFile('adaptivecards', '../dist/adaptivecards.min.js'), type: 'text/javascript; charset=utf-8' },
  'chart.js': { path: libraryFile('chart.js', 'chart.umd.min.js'), type: 'text/javascript; charset=utf-8' },
};
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const SIGN_INS_PER_MINUTE = 10;

export type ConsoleRoutesDeps = AdminRoutesDeps;

/** The form fields of a urlencoded body. */
function formFields(req: Request): URLSearchParams {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : typeof req.body === 'string' ? req.body : '';
  return new URLSearchParams(raw);
}

/**
 * The admin console under /admin (French and English): sign-in, then a page whose script works
 * with the admin API as the signed-in admin. Off (404) when no one can sign in.
 */
export function registerConsoleRoutes(server: Server, deps: ConsoleRoutesDeps): void {
  const { auth, i18n, config } = deps;
  if (!auth.enabled) return;
  const address = addressOptions(config);
  const signIns = new RateLimiter(SIGN_INS_PER_MINUTE);
  const strings = (lang: Language) => i18n.getResourceBundle(lang, 'admin') as Record<string, string>;
  const options = (lang: Language) => ({ lang, t: i18n.getFixedT(lang, 'admin'), strings: strings(lang) });
  const html = (res: Response, status: number, body: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': CSP,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...extra,
    });
    res.end(body);
  };
  const langOf = (req: Request, given?: string | null) => pageLanguage(given ?? queryValue(req, 'lang'), req.header('accept-language'));
  const form = restify.plugins.bodyReader({ maxBodySize: 4096 });

  server.get('/admin', (req: Request, res: Response, next: restify.Next) => {
    const lang = langOf(req);
    const caller = auth.identify(req);
    if (!caller || caller.via === 'bearer') html(res, caller ? 200 : 401, renderSignIn(options(lang), auth.mode));
    else html(res, 200, renderConsole(options(lang), caller.who, caller.csrf!, caller.via === 'session', config.STALE_AFTER_DAYS));
    next(false);
  });

  server.post('/admin/session', form, (req: Request, res: Response, next: restify.Next) => {
    const fields = formFields(req);
    const lang = langOf(req, fields.get('lang'));
    const ip = clientIp(req, address);
    if (auth.mode !== 'token') {
      html(res, 404, renderSignIn(options(lang), auth.mode));
      return next(false);
    }
    if (!signIns.peek(ip).ok) {
      html(res, 429, renderSignIn(options(lang), auth.mode, 'limited'), { 'Retry-After': '60' });
      return next(false);
    }
    const cookie = auth.signIn(fields.get('token') ?? '', req);
    if (!cookie) {
      signIns.take(ip);
      deps.logger.warn({ path: '/admin/session' }, 'admin console: sign-in failed');
      html(res, 401, renderSignIn(options(lang), auth.mode, 'failed'));
      return next(false);
    }
    res.writeHead(303, { Location: `/admin?lang=${lang}`, 'Set-Cookie': cookie, 'Cache-Control': 'no-store' });
    res.end();
    next(false);
  });

  server.post('/admin/session/end', form, (req: Request, res: Response, next: restify.Next) => {
    const caller = auth.identify(req);
    const csrf = formFields(req).get('csrf') ?? '';
    // Signing out is a change too: only the console's own form (with its CSRF token) does it.
    if (caller && caller.via === 'session' && csrf === caller.csrf) {
      res.writeHead(303, { Location: '/admin', 'Set-Cookie': auth.signOut(req), 'Cache-Control': 'no-store' });
    } else res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end();
    next(false);
  });

  const cache = new Map<string, Buffer>();
  server.get('/admin/static/:file', (req: Request, res: Response, next: restify.Next) => {
    const name = routeParam(req, 'file') ?? '';
    const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return next(false);
    }
    if (!cache.has(name)) cache.set(name, readFileSync(file.path));
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.end(cache.get(name));
    next(false);
  });
}
