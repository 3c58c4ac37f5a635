import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { i18n } from 'i18next';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Config } from '../config';
import { generateDirectLineToken, DirectLineUnavailable } from '../directline/azure-direct-line';
import { randomId } from '../directline/token-service';
import { sendDirectLineError, type WebChatChannel } from '../directline/web-chat-channel';
import { languageOfLocale } from '../i18n/resolve-language';
import type { CrisisLine } from '../knowledge/safety-schema';
import type { Logger } from '../log/logger';
import { fromPackageRoot } from '../package-root';
import { asyncHandler } from '../server/async-handler';
import { queryValue, routeParam } from '../server/request-values';
import { renderPage } from './page';
import { pageLanguage } from '../i18n/page-language';

const PUBLIC_DIR = fromPackageRoot('public');
const JS = 'text/javascript; charset=utf-8';
/** The only files under /static/, with their types: nothing else is reachable. */
const STATIC_FILES: Record<string, { path: string; type: string }> = {
  'app.js': { path: join(PUBLIC_DIR, 'app.js'), type: JS },
  'page.css': { path: join(PUBLIC_DIR, 'page.css'), type: 'text/css; charset=utf-8' },
  'favicon.svg': { path: join(PUBLIC_DIR, 'favicon.svg'), type: 'image/svg+xml' },
  // The page renders markdown (messages and Adaptive Cards) with markdown-it, raw HTML off.
  'markdown-it.min.js': { path: join(dirname(require.resolve('markdown-it')), 'markdown-it.min.js'), type: JS },
};

/** The package's folder: its `exports` expose neither package.json nor dist/, so it is found from its main entry (lib/index.js). */
const WEB_CHAT_DIR = join(dirname(require.resolve('botframework-webchat')), '..');
const webChatVersion = () => (JSON.parse(readFileSync(join(WEB_CHAT_DIR, 'package.json'), 'utf8')) as { version: string }).version;

export interface WebChatRoutesDeps {
  config: Config;
  i18n: i18n;
  channel: WebChatChannel;
  logger: Logger;
  /** The crisis lines of the knowledge being served, shown on the page. */
  safetyLines: () => Readonly<Record<string, CrisisLine>>;
}

/** A file held in memory with its gzip version, served with a validator so browsers revalidate cheaply. */
interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

const lazyAsset = (path: string, type: string, etag: string) => {
  let asset: Asset | undefined;
  return (): Asset => {
    if (!asset) {
      const body = readFileSync(path);
      asset = { type, body, gzip: gzipSync(body), etag };
    }
    return asset;
  };
};

function sendAsset(req: Request, res: Response, asset: Asset): void {
  res.header('Cache-Control', 'public, max-age=3600');
  res.header('ETag', asset.etag);
  res.header('X-Content-Type-Options', 'nosniff');
  if (req.header('if-none-match') === asset.etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(req.header('accept-encoding') ?? '');
  const body = gzip ? asset.gzip : asset.body;
  res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': body.length, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}), Vary: 'Accept-Encoding' });
  res.end(body);
}

/** CSP for the page: scripts and styles from this server only (Web Chat injects its styles), connections to this server or Azure's Direct Line. */
function contentSecurityPolicy(config: Config): string {
  const connect = ["'self'"];
  if (config.DIRECT_LINE_SECRET) {
    const origin = new URL(config.DIRECT_LINE_DOMAIN).origin;
    connect.push(origin, origin.replace(/^http/, 'ws'));
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * The newcomer web page (GET /), its two static files, Web Chat's bundle from the project's own
 * node_modules (no CDN), and POST /api/webchat/token: a token for the built-in channel, or one
 * from Azure's Direct Line when DIRECT_LINE_SECRET is set (the secret never leaves the server).
 */
export function registerWebChatRoutes(server: Server, deps: WebChatRoutesDeps): void {
  const { config, channel, logger } = deps;
  const webChatBundle = lazyAsset(join(WEB_CHAT_DIR, 'dist', 'webchat.js'), 'text/javascript; charset=utf-8', `"webchat-${webChatVersion()}"`);
  // A Map, not an object: `/static/__proto__` or `/static/constructor` must find nothing.
  const statics = new Map(
    Object.entries(STATIC_FILES).map(([name, file]) => [name, lazyAsset(file.path, file.type, `"${name}-${process.pid}-${Date.now()}"`)]),
  );
  const csp = contentSecurityPolicy(config);

  server.get('/', (req: Request, res: Response, next: restify.Next) => {
    const lang = pageLanguage(queryValue(req, 'lang'), req.header('accept-language'));
    const html = renderPage({ lang, t: deps.i18n.getFixedT(lang, 'page'), idleMinutes: config.WEBCHAT_IDLE_MINUTES, lines: deps.safetyLines() });
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': lang,
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      Vary: 'Accept-Language',
    });
    res.end(html);
    next();
  });

  // The Teams manifest's privacy and terms links: the page's own sections.
  for (const [path, anchor] of [
    ['/privacy', 'privacy-title'],
    ['/terms', 'terms'],
  ] as const) {
    server.get(path, (req: Request, res: Response, next: restify.Next) => {
      const lang = pageLanguage(queryValue(req, 'lang'), req.header('accept-language'));
      res.redirect(302, `/?lang=${lang}#${anchor}`, next);
    });
  }

  server.get('/static/:file', (req: Request, res: Response, next: restify.Next) => {
    const asset = statics.get(routeParam(req, 'file') ?? '');
    if (!asset) {
      res.send(404, { code: 'NotFound', message: 'no such file' });
      return next();
    }
    sendAsset(req, res, asset());
    next();
  });

  server.get('/webchat/webchat.js', (req: Request, res: Response, next: restify.Next) => {
    sendAsset(req, res, webChatBundle());
    next();
  });

  server.post(
    '/api/webchat/token',
    restify.plugins.bodyReader({ maxBodySize: 1024 }),
    asyncHandler(logger, async (req, res) => {
      const admitted = channel.admit(req);
      if (!admitted.ok) return sendDirectLineError(res, 429, 'TooManyRequests', 'too many requests from this address', admitted.retryAfterSeconds);
      const locale = languageOfLocale(requestedLocale(req));
      const fresh = channel.admitNewConversation(req);
      if (!fresh.ok) return sendDirectLineError(res, 429, 'TooManyRequests', 'too many new conversations from this address', fresh.retryAfterSeconds);
      if (!config.DIRECT_LINE_SECRET) {
        if (channel.conversations.size >= config.WEBCHAT_MAX_CONVERSATIONS && channel.conversations.sweep() === 0) {
          return sendDirectLineError(res, 503, 'ServiceUnavailable', 'too many conversations in progress, try again in a minute', 60);
        }
        const issued = channel.issueToken(locale);
        res.header('Cache-Control', 'no-store');
        res.send(200, { ...issued, domain: channel.domainFor(req) });
        return;
      }
      try {
        const generated = await generateDirectLineToken(config.DIRECT_LINE_DOMAIN, config.DIRECT_LINE_SECRET, randomId('dl_'));
        res.header('Cache-Control', 'no-store');
        res.send(200, {
          token: generated.token,
          conversationId: generated.conversationId,
          domain: config.DIRECT_LINE_DOMAIN,
          expires_in: generated.expires_in,
        });
      } catch (e) {
        if (!(e instanceof DirectLineUnavailable)) throw e;
        logger.error({ reason: e.message }, 'Direct Line token exchange failed');
        sendDirectLineError(res, 502, 'BadGateway', 'the chat service is not available right now');
      }
    }),
  );
}

/** `{"locale": "en"}` in the body, or `?locale=en`; anything unreadable is ignored (the default applies). */
function requestedLocale(req: Request): unknown {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : typeof req.body === 'string' ? req.body : '';
  if (raw.trim()) {
    try {
      const body = JSON.parse(raw) as { locale?: unknown };
      if (body && typeof body === 'object' && body.locale !== undefined) return body.locale;
    } catch {
      // not JSON: fall through to the query
    }
  }
  return queryValue(req, 'locale');
}
