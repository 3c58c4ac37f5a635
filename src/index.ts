import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log/logger';
import { createApp } from './app/create-app';
import { KnowledgeError, loadServedKnowledge } from './serving/load-served-knowledge';
import { schedulePurge } from './referrals/purge-schedule';
import { ReferralStore } from './referrals/referral-store';
import { createStorage } from './storage/create-storage';
import { startupWarnings } from './app/startup-warnings';
import { startTelemetry } from './telemetry/start';
import { ensureDataDir } from './storage/data-dir';
import { CLIENT_TASK_TTL_MS } from './bot/state';
import { CLAIM_PREFIX } from './bot/activity-claims';

/** How often idle conversations are swept for client facts past CLIENT_TASK_TTL_MS. */
const FORGET_EVERY_MS = 15 * 60 * 1000;
/** How often unsent referral notices are retried and unanswered referrals looked for. */
const REFERRAL_SWEEP_MS = 15 * 60 * 1000;
/** After SIGTERM, turns in flight get this long to finish before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const logger = createLogger(config);
  // Before anything is built: instruments are made on first use, against the provider registered here.
  const stopTelemetry = await startTelemetry(config, logger);
  ensureDataDir(config.DATA_DIR);
  const storage = createStorage(config);
  let app;
  let knowledgeStore;
  try {
    const { kb, index, store, published, proposedFiles } = await loadServedKnowledge(config, storage, logger);
    knowledgeStore = store;
    app = createApp({ config, kb, index, storage, logger, knowledgeStore: store, published, proposedFiles });
  } catch (e) {
    storage.close?.();
    throw e;
  }
  const stopPurge = schedulePurge(new ReferralStore(storage), config.REFERRAL_RETENTION_DAYS, (purged, err) => {
    if (err) logger.error({ err }, 'referral purge failed');
    else if (purged > 0) logger.info({ purged, retentionDays: config.REFERRAL_RETENTION_DAYS }, 'referrals purged');
  });
  // A conversation nobody came back to for CLIENT_TASK_TTL_MS loses what it held about a client:
  // the facts kept for a referral (clientTask) and any check left half-way (its dialog stack).
  const forget = setInterval(() => {
    const before = new Date(Date.now() - CLIENT_TASK_TTL_MS);
    Promise.resolve()
      .then(() =>
        Promise.all([
          storage.removeStaleProperty('clientTask', '/conversations/', before),
          storage.removeStaleProperty('dialogState', '/conversations/', before),
        ]),
      )
      .then(
        ([tasks, stacks]) => {
          if (tasks + stacks > 0) logger.info({ conversations: tasks + stacks }, 'stale client facts forgotten');
        },
        (err: unknown) => logger.error({ err }, 'forgetting stale client facts failed'),
      );
    // Claims on activity ids shared between instances only matter for ten minutes (redeliveries).
    storage
      .deleteOlderThan?.(CLAIM_PREFIX, new Date(Date.now() - 10 * 60_000))
      .catch((err: unknown) => logger.error({ err }, 'sweeping activity claims failed'));
  }, FORGET_EVERY_MS);
  forget.unref();
  // Broken links of what is served, for the console: checked on a schedule (LINK_CHECK_HOURS).
  const links = knowledgeStore;
  const linkCheck =
    config.LINK_CHECK_HOURS > 0
      ? setInterval(() => {
          links.checkLinks().then(
            (report) => logger.info({ broken: report.broken, offerings: report.offerings.length }, 'links checked'),
            (err: unknown) => logger.error({ err }, 'link check failed'),
          );
        }, config.LINK_CHECK_HOURS * 3_600_000)
      : undefined;
  linkCheck?.unref();
  // Referral notices that could not be sent are sent again; unanswered ones remind their caseworker.
  const referralSweep = setInterval(() => {
    app.sweepReferrals().then(
      ({ resent, reminded }) => {
        if (resent + reminded > 0) logger.info({ resent, reminded }, 'referrals swept');
      },
      (err: unknown) => logger.error({ err }, 'referral sweep failed'),
    );
  }, REFERRAL_SWEEP_MS);
  referralSweep.unref();
  for (const warning of startupWarnings(config)) logger.warn(warning);
  const url = await app.listen(config.PORT, config.HOST);
  logger.info({ url, mode: config.MicrosoftAppId ? 'authenticated' : 'local (no app id)' }, 'Passerelle is listening: POST /api/messages');

  let stopping = false;
  const stop = (signal: NodeJS.Signals | 'uncaughtException', exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing turns in flight');
    stopPurge();
    clearInterval(forget);
    if (linkCheck) clearInterval(linkCheck);
    clearInterval(referralSweep);
    setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    app
      .close()
      .then(async () => {
        storage.close?.();
        await stopTelemetry().catch(() => undefined); // the last spans and metrics, when telemetry is on
        logger.info('stopped');
        process.exit(exitCode);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  // Node passes the signal's number as a second argument: the listeners name their exit code.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Last resort, not the defence (requests are checked where they arrive). A promise nobody awaited
  // failed: logged, and the server goes on, its state intact. An exception that unwound through
  // unknown code may have left state half-changed: logged, the turns in flight finish, storage
  // closes, and the process exits 1 for its supervisor (App Service, the container, systemd) to
  // start a clean one. Only the error's type, message and stack are logged, never message text.
  process.on('unhandledRejection', (reason: unknown) => logger.error({ err: reason }, 'unhandled rejection (the server goes on)'));
  process.on('uncaughtException', (err: Error) => {
    logger.fatal({ err }, 'uncaught exception: finishing turns in flight, then exiting for a clean restart');
    stop('uncaughtException', 1);
  });
}

main().catch((err: unknown) => {
  // Operator-facing: a wrong setting or bad knowledge stops start-up with its message, no stack.
  if (err instanceof ConfigError || err instanceof KnowledgeError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
