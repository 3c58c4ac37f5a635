import type { AddressInfo } from 'node:net';
import type { Storage } from 'botbuilder';
import type { i18n } from 'i18next';
import pino from 'pino';
import restify, { type Request, type Response, type Server } from 'restify';
import { ConfigError, type Config } from '../config';
import { createBotRuntime, type BotRuntime } from '../bot/bot-runtime';
import type { OfferingSearch } from '../bot/services';
import { LiveKnowledge } from '../knowledge/live-knowledge';
import { fileReloader, buildAndSaveIndex } from '../startup';
import { registerAdminRoutes } from '../admin/admin-routes';
import { ServedKnowledge } from '../admin/served-knowledge';
import type { KnowledgeStore } from '../knowledge-store/knowledge-store';
import { ReferralStore } from '../referrals/referral-store';
import { QueueFullError } from '../bot/turn-queue';
import { createI18n } from '../i18n/load-locales';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { createLogger, shortHash, type Logger } from '../log/logger';
import { attachDirectLineStream } from '../directline/directline-stream';
import { WebChatChannel } from '../directline/web-chat-channel';
import { registerWebChatRoutes } from '../webchat/web-routes';
import { checkActivityBody } from './activity-guard';
import { asyncHandler, sendError } from './async-handler';

/** Bodies over this are refused with 413 (Bot Framework activities are far smaller). */
export const MAX_BODY_BYTES = 1_000_000;

/** How long `close()` waits for open connections once the turns in flight are done. */
const CLOSE_GRACE_MS = 5_000;

export interface ServerDeps {
  config: Config;
  kb: KnowledgeBase;
  index: OfferingSearch;
  /**
   * The knowledge store the served version comes from (published versions, draft, audit): with
   * it, the admin API, `kb reload` and the sync with other instances work on published versions.
   * Without it (tests of the bot alone), `kb reload` reads KNOWLEDGE_DIR's files.
   */
  knowledgeStore?: KnowledgeStore;
  /** The published version `kb` is, when it comes from `knowledgeStore`. */
  published?: { number: number; publishedAt: string; publishedBy: string };
  /** SqliteStorage in production; anything implementing botbuilder `Storage` in tests. */
  storage: Storage & { ping?(): boolean | Promise<boolean> };
  logger?: Logger;
  i18n?: i18n;
  now?: () => Date;
}

export interface PasserelleServer {
  server: Server;
  runtime: BotRuntime;
  /** Publishing, rollback and sync with the knowledge store, when there is one. */
  served?: ServedKnowledge;
  /** The knowledge being served (swapped without downtime). */
  knowledge: LiveKnowledge<OfferingSearch>;
  /** The built-in Direct Line channel behind the web chat page. */
  webChat: WebChatChannel;
  /** Starts listening; resolves with the base URL (`http://127.0.0.1:PORT`). */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful stop: refuse new turns, stop accepting connections, finish the turns in flight. The storage stays open (its owner closes it). */
  close(): Promise<void>;
}

/**
 * The HTTP edge: restify, `POST /api/messages` through guards, the per-conversation turn queue and
 * CloudAdapter; the web chat page and its Direct Line channel; `GET /healthz` and `GET /readyz`. Refuses to build in production without an app
 * id: anyone could then post forged Teams activities.
 */
export function createServer(deps: ServerDeps): PasserelleServer {
  const { config, kb, storage } = deps;
  if (config.NODE_ENV === 'production' && !config.MicrosoftAppId) {
    throw new ConfigError(['MicrosoftAppId="": required when NODE_ENV=production (without it, anyone can post forged Teams activities)']);
  }
  const logger = deps.logger ?? createLogger(config);
  const i18n = deps.i18n ?? createI18n();
  const knowledge = new LiveKnowledge<OfferingSearch>({ kb, index: deps.index, published: deps.published });
  const served = deps.knowledgeStore ? new ServedKnowledge(deps.knowledgeStore, knowledge, (next) => buildAndSaveIndex(next, config.DATA_DIR, logger), logger) : undefined;
  const knowledgeAdmin = served ? served.admin : fileReloader(config, knowledge, logger);
  const stopSync = served ? served.poll(config.KNOWLEDGE_SYNC_SECONDS * 1000) : () => undefined;
  const runtime = createBotRuntime({ config, knowledge, knowledgeAdmin, storage, i18n, logger, now: deps.now });
  let draining = false;

  // restify's own logger would write whole requests (message text included) when a handler fails:
  // it is silenced, and failures are logged below without their content.
  const server = restify.createServer({ name: 'passerelle', log: pino({ level: 'silent' }) as never });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Every turn, whichever the channel, is refused once shutdown has begun.
  server.pre((req: Request, res: Response, next) => {
    if (!draining || req.method !== 'POST') return next();
    res.header('Connection', 'close');
    sendError(res, 503, 'ServiceUnavailable', 'the server is shutting down');
    return next(false);
  });
  const servedSummary = () => ({ version: knowledge.kb.version, offerings: knowledge.kb.offerings.length, published: knowledge.current.published?.number });

  server.get('/healthz', (_req: Request, res: Response, next) => {
    res.send(200, { status: 'alive', knowledge: servedSummary() });
    next();
  });

  server.get(
    '/readyz',
    asyncHandler(logger, async (_req, res) => {
      const ready = !draining && (storage.ping ? await storage.ping() : true);
      res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', knowledge: servedSummary() });
    }),
  );

  server.post(
    '/api/messages',
    restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }),
    asyncHandler(logger, async (req, res) => {
      const checked = checkActivityBody(req.header('content-type'), req.body);
      if (!checked.ok) return sendError(res, checked.status, checked.code, checked.message);
      req.body = checked.activity;
      const a = checked.activity as { channelId: string; conversation: { id: string } };
      try {
        await runtime.turns.run(`${a.channelId}|${a.conversation.id}`, () => runtime.adapter.process(req, res, runtime.logic));
      } catch (e) {
        if (!(e instanceof QueueFullError)) throw e;
        logger.warn({ conversation: shortHash(a.conversation.id) }, 'turn queue full');
        sendError(res, 429, 'TooManyRequests', 'too many messages waiting in this conversation');
      }
    }),
  );

  const webChat = new WebChatChannel({ config, runtime, storage, logger, now: deps.now });
  if (!config.DIRECT_LINE_SECRET) webChat.register(server);
  registerWebChatRoutes(server, { config, i18n, channel: webChat, logger });
  if (served) registerAdminRoutes(server, { config, served, referrals: new ReferralStore(storage, deps.now), logger, now: deps.now ?? (() => new Date()) });
  const closeStreams = config.DIRECT_LINE_SECRET ? async () => undefined : attachDirectLineStream(server.server, webChat, logger);

  server.on('after', (req: Request, res: Response) => {
    const fields = { method: req.method, path: req.path(), status: res.statusCode };
    if (res.statusCode >= 500) logger.warn(fields, 'request failed');
    else logger.debug(fields, 'request');
  });

  return {
    server,
    runtime,
    knowledge,
    served,
    webChat,
    listen: (port = config.PORT, host = config.HOST) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost}:${address.port}`);
        });
      }),
    close: async () => {
      draining = true;
      stopSync();
      const closed = new Promise<void>((resolve) => {
        if (!server.server.listening) return resolve();
        server.close(() => resolve());
      });
      server.server.closeIdleConnections();
      await closeStreams();
      webChat.close();
      await runtime.turns.idle();
      // Keep-alive connections that served the last turns are idle now; any still open after a grace period are cut.
      server.server.closeIdleConnections();
      const grace = setTimeout(() => server.server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(grace);
    },
  };
}
