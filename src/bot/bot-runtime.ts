import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type Activity, type BotAdapter, type Storage, type TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { PasserelleCloudAdapter } from './passerelle-adapter';
import type { i18n } from 'i18next';
import type { Config } from '../config';
import type { Translate } from '../i18n/translator';
import type { LiveKnowledge } from '../serving/live-knowledge';
import { activityFields, type Logger } from '../log/logger';
import { ReferralStore } from '../referrals/referral-store';
import type { ReferralDispatch } from '../referrals/referral-dispatch';
import { DedupeMiddleware } from './dedupe-middleware';
import { LanguageMiddleware } from './language-middleware';
import { PasserelleBot, type ConversationDialog } from './passerelle-bot';
import { RoleMiddleware } from './role-middleware';
import { LocalClaims, SharedClaims } from './activity-claims';
import type { OfferingSearch } from '../search/search-index';
import type { DialogServices } from './services';
import type { KnowledgeAdmin } from '../serving/served-knowledge';
import { createBotStates, type BotStates } from './state';
import { OptimisticStorage } from '../storage/optimistic-storage';
import { turnErrorHandler } from './turn-error';
import { withinTurnBudget } from './turn-budget';
import { TurnQueue } from './turn-queue';
import { TracedStorage } from '../telemetry/traced-storage';
import { instruments } from '../telemetry/telemetry';
import { TurnTelemetryMiddleware, tracedMiddleware } from './turn-telemetry';

export interface BotRuntimeDeps {
  config: Config;
  /** The knowledge being served; swapped in place by `kb reload` and publishing. */
  knowledge: LiveKnowledge<OfferingSearch>;
  knowledgeAdmin?: KnowledgeAdmin;
  /** Sends consented referrals to the receiving organizations (absent: letters only). */
  dispatch?: ReferralDispatch;
  storage: Storage;
  i18n: i18n;
  logger: Logger;
  now?: () => Date;
  /** The conversation itself (the dialogs), given the services it runs on: injected, so this layer never imports the dialogs. */
  dialog: (services: DialogServices) => ConversationDialog;
  /** The welcome message, in the turn's language. */
  welcome: (t: Translate) => Partial<Activity>;
}

export interface BotRuntime {
  adapter: PasserelleCloudAdapter;
  bot: PasserelleBot;
  states: BotStates;
  turns: TurnQueue;
  /** The turn logic handed to `adapter.process`. */
  logic: (context: TurnContext) => Promise<void>;
  /** Gives another channel's adapter the same middleware and error handling (web chat's Direct Line). */
  configure(adapter: BotAdapter): void;
}

/**
 * The Bot Framework wiring, as in BotBuilder-Samples: CloudAdapter with
 * ConfigurationBotFrameworkAuthentication (no app id = local mode, as the Emulator expects),
 * middleware (drop repeats, then resolve the language), onTurnError, state over `storage`, the bot.
 */
export function createBotRuntime(deps: BotRuntimeDeps): BotRuntime {
  const { config, logger } = deps;
  const logText = config.LOG_CONVERSATION_TEXT;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    MicrosoftAppType: config.MicrosoftAppType || undefined,
    // One of these set means all are given (botbuilder's rule): the public cloud's, but the metadata.
    ...(config.BOT_OPENID_METADATA_URL
      ? {
          ToBotFromChannelOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
          ValidateAuthority: true,
        }
      : {}),
  });
  const adapter = new PasserelleCloudAdapter(auth);
  // State writes are conditional on what the turn read: racing instances cannot overwrite each other.
  // Every storage call of a turn is a span and feeds the storage latency histogram.
  const storage = new TracedStorage(deps.storage);
  const states = createBotStates(new OptimisticStorage(storage));
  const { knowledge } = deps;
  const dialog = deps.dialog({
    // Read on every use: a swap of the live knowledge reaches the next turn.
    get kb() {
      return knowledge.kb;
    },
    get index() {
      return knowledge.index;
    },
    knowledgeAdmin: deps.knowledgeAdmin,
    i18n: deps.i18n,
    profile: states.profile,
    clientTask: states.clientTask,
    referrals: new ReferralStore(storage, deps.now),
    dispatch: deps.dispatch,
    referralRetentionDays: config.REFERRAL_RETENTION_DAYS,
    staleAfterDays: config.STALE_AFTER_DAYS,
    now: deps.now ?? (() => new Date()),
  });
  const bot = new PasserelleBot(states, dialog, deps.welcome, deps.i18n);

  // With shared storage (several instances), a repeat may reach another instance: ids are claimed there too.
  const claims = config.STORAGE === 'blob' ? new SharedClaims(storage) : new LocalClaims();
  const repeated = (a: Partial<Activity>) => {
    instruments().repeatsDropped.add(1, { channel: String(a.channelId) });
    logger.info(activityFields(a, logText), 'repeated activity dropped');
  };
  const configure = (target: BotAdapter) => {
    target.use(new TurnTelemetryMiddleware());
    target.use(tracedMiddleware('dedupe', new DedupeMiddleware(claims, repeated)));
    target.use(tracedMiddleware('language', new LanguageMiddleware(states.profile)));
    target.use(
      tracedMiddleware(
        'role',
        new RoleMiddleware({ allowedTenantIds: config.ALLOWED_TENANT_IDS, adminObjectIds: config.ADMIN_AAD_OBJECT_IDS, localMode: !config.MicrosoftAppId }),
      ),
    );
    target.onTurnError = turnErrorHandler({ logger, conversationState: states.conversationState, i18n: deps.i18n, logText });
  };
  configure(adapter);

  const logic = async (context: TurnContext) => {
    const started = Date.now();
    await withinTurnBudget(context, config.TURN_BUDGET_MS, () => bot.run(context));
    logger.info({ ...activityFields(context.activity, logText), ms: Date.now() - started }, 'turn');
  };
  return { adapter, bot, states, turns: new TurnQueue(), logic, configure };
}
