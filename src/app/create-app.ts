import type { Storage } from 'botbuilder';
import type { i18n } from 'i18next';
import type { Server } from 'restify';
import { MainDialog } from '../../dialogs/main-dialog';
import { welcomeActivity } from '../../dialogs/welcome';
import { AdminAuth } from '../admin/admin-auth';
import { registerAdminRoutes } from '../admin/admin-routes';
import { registerConsoleRoutes } from '../admin/console-routes';
import { addressOptions } from '../server/client-address';
import { createBotRuntime, type BotRuntime } from '../bot/bot-runtime';
import { registerMessagesRoute } from '../botframework/messages-route';
import { ConfigError, type Config } from '../config';
import { attachDirectLineStream } from '../directline/directline-stream';
import { WebChatChannel } from '../directline/web-chat-channel';
import { createI18n } from '../i18n/load-locales';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { KnowledgeStore } from '../knowledge-store/knowledge-store';
import { createLogger, type Logger } from '../log/logger';
import { ReferralStore } from '../referrals/referral-store';
import { safetyDetectorFor } from '../safety/detector';
import { buildAndSaveIndex } from '../search/index-store';
import type { OfferingSearch } from '../search/search-index';
import { registerHealthRoutes } from '../server/health-routes';
import { createHttpServer } from '../server/http-server';
import { fileReloader } from '../serving/file-reloader';
import { LiveKnowledge } from '../serving/live-knowledge';
import { ServedKnowledge } from '../serving/served-knowledge';
import { seedTestProfiles } from './seed-test-profiles';
import { TestProfiles } from '../knowledge-store/test-profiles';
import { registerWebChatRoutes } from '../webchat/web-routes';
import { registerPartnerRoutes } from '../partner/partner-routes';
import { noticeWriter } from '../partner/notices';
import { smtpMailer } from '../mail/mailer';
import { Organizations } from '../referrals/organizations';
import { ReferralDispatch } from '../referrals/referral-dispatch';
import { LinkSigner, linkKey } from '../referrals/referral-link';
import { caseworkerTeller } from './tell-caseworker';
import { seedOrganizations } from './seed-organizations';

export interface AppDeps {
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
  /** A change set made from changed knowledge files at start, waiting for review. */
  proposedFiles?: string;
  /** SqliteStorage in production; anything implementing botbuilder `Storage` in tests. */
  storage: Storage & { ping?(): boolean | Promise<boolean> };
  logger?: Logger;
  i18n?: i18n;
  now?: () => Date;
}

export interface PasserelleApp {
  server: Server;
  runtime: BotRuntime;
  /** Publishing, rollback and sync with the knowledge store, when there is one. */
  served?: ServedKnowledge;
  /** The knowledge being served (swapped without downtime). */
  knowledge: LiveKnowledge<OfferingSearch>;
  /** The built-in Direct Line channel behind the web chat page. */
  webChat: WebChatChannel;
  /** Sends again the referral notices that could not be sent, and reminds caseworkers of unanswered ones (scheduled by src/index.ts). */
  sweepReferrals(): Promise<{ resent: number; reminded: number }>;
  /** Starts listening; resolves with the base URL (`http://127.0.0.1:PORT`). */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful stop: refuse new turns, stop accepting connections, finish the turns in flight. The storage stays open (its owner closes it). */
  close(): Promise<void>;
}

/**
 * The composition root: the one place that wires storage, knowledge, the conversation (bot
 * runtime and its dialogs) and the channels — Bot Framework (`POST /api/messages`: Teams, the
 * Emulator), the web chat page and its Direct Line channel, the admin API — with `GET /healthz`
 * and `GET /readyz`. Everything below receives what it needs from here. Refuses to build in
 * production without an app id: anyone could then post forged Teams activities.
 */
export function createApp(deps: AppDeps): PasserelleApp {
  const { config, kb, storage } = deps;
  if (config.NODE_ENV === 'production' && !config.MicrosoftAppId) {
    throw new ConfigError(['MicrosoftAppId="": required when NODE_ENV=production (without it, anyone can post forged Teams activities)']);
  }
  const logger = deps.logger ?? createLogger(config);
  const i18n = deps.i18n ?? createI18n();
  const knowledge = new LiveKnowledge<OfferingSearch>({ kb, index: deps.index, published: deps.published });
  // The safety detector of the knowledge served is ready before the first message reaches it.
  safetyDetectorFor(kb);
  knowledge.onSwap((next) => safetyDetectorFor(next.kb));
  const served = deps.knowledgeStore
    ? new ServedKnowledge(deps.knowledgeStore, knowledge, (next) => buildAndSaveIndex(next, config.DATA_DIR, logger), logger, deps.proposedFiles)
    : undefined;
  const knowledgeAdmin = served ? served.admin : fileReloader(config, knowledge, logger);
  const stopSync = served ? served.poll(config.KNOWLEDGE_SYNC_SECONDS * 1000) : () => undefined;
  const now = deps.now ?? (() => new Date());
  // Closed-loop referrals: the receiving organizations, their signed links, the notices by email.
  const referrals = new ReferralStore(storage, deps.now);
  const organizations = new Organizations(storage, seedOrganizations(config, kb, logger), now);
  let key: Promise<LinkSigner> | undefined;
  const signer = () => (key ??= linkKey(storage, config.REFERRAL_LINK_SECRET).then((k) => new LinkSigner(k)));
  const mailer = config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.REFERRAL_FROM) : undefined;
  let listeningAt: string | undefined;
  const dispatch = new ReferralDispatch({
    referrals,
    organizations,
    mailer,
    signer,
    notices: noticeWriter(i18n, () => knowledge.kb),
    publicUrl: () => config.PUBLIC_URL ?? listeningAt ?? `http://localhost:${config.PORT}`,
    linkDays: config.REFERRAL_LINK_DAYS,
    reminderDays: config.REFERRAL_REMINDER_DAYS,
    logger,
    now,
  });
  const runtime = createBotRuntime({
    config,
    knowledge,
    knowledgeAdmin,
    dispatch,
    storage,
    i18n,
    logger,
    now: deps.now,
    dialog: (services) => new MainDialog(services),
    welcome: welcomeActivity,
  });

  const http = createHttpServer(logger);
  const { server } = http;
  registerHealthRoutes(server, {
    logger,
    accepting: () => !http.draining,
    ping: storage.ping ? () => storage.ping!() : undefined,
    sharedStorage: config.STORAGE === 'blob',
    summary: () => ({
      version: knowledge.kb.version,
      offerings: knowledge.kb.offerings.length,
      published: knowledge.current.published?.number,
      // The knowledge files changed and wait for an admin's review: what is served is not what the files say.
      ...(served?.filesAwaitingReview && { filesAwaitingReview: served.filesAwaitingReview }),
    }),
  });
  registerMessagesRoute(server, { runtime, logger });
  const webChat = new WebChatChannel({ config, runtime, storage, logger, now: deps.now });
  if (!config.DIRECT_LINE_SECRET) webChat.register(server);
  registerWebChatRoutes(server, { config, i18n, channel: webChat, logger, safetyLines: () => knowledge.kb.safety.lines });
  const tell = caseworkerTeller({ runtime, config, i18n, kb: () => knowledge.kb, organizations, logger });
  registerPartnerRoutes(server, { config, referrals, organizations, signer, kb: () => knowledge.kb, i18n, tell, logger, now });
  if (served) {
    const auth = new AdminAuth(config, addressOptions(config));
    const profiles = new TestProfiles(storage, seedTestProfiles(config, knowledge.kb, logger), now);
    const adminDeps = { config, auth, served, i18n, profiles, organizations, referrals, logger, now };
    registerAdminRoutes(server, adminDeps);
    registerConsoleRoutes(server, adminDeps);
  }
  const closeStreams = config.DIRECT_LINE_SECRET ? async () => undefined : attachDirectLineStream(server.server, webChat, logger);

  return {
    server,
    runtime,
    knowledge,
    served,
    webChat,
    listen: async (port = config.PORT, host = config.HOST) => (listeningAt = await http.listen(port, host)),
    sweepReferrals: () => dispatch.sweep(tell),
    close: () =>
      http.drain(async () => {
        stopSync();
        await closeStreams();
        webChat.close();
        mailer?.close();
        await runtime.turns.idle();
      }),
  };
}
