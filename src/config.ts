import { z } from 'zod';

/**
 * Every setting Passerelle reads, from environment variables only, parsed once here.
 * Each one is documented in `.env.example`. A bad value stops start-up with a message that
 * names the variable and the form it expects.
 */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ message: 'expected a port number from 0 to 65535' })
  .int('expected a port number from 0 to 65535')
  .min(0, 'expected a port number from 0 to 65535')
  .max(65535, 'expected a port number from 0 to 65535');

const days = z.coerce
  .number({ message: 'expected a whole number of days' })
  .int('expected a whole number of days')
  .positive('expected a whole number of days, 1 or more');

const perMinute = z.coerce
  .number({ message: 'expected a whole number per minute' })
  .int('expected a whole number per minute')
  .positive('expected a whole number per minute, 1 or more');
const count = z.coerce.number({ message: 'expected a whole number' }).int('expected a whole number').positive('expected a whole number, 1 or more');
const minutes = z.coerce
  .number({ message: 'expected a whole number of minutes' })
  .int('expected a whole number of minutes')
  .positive('expected a whole number of minutes, 1 or more');
const milliseconds = z.coerce
  .number({ message: 'expected a whole number of milliseconds' })
  .int('expected a whole number of milliseconds')
  .min(100, 'expected a whole number of milliseconds, 100 or more');
const url = z
  .url({ message: 'expected an absolute http(s) URL, e.g. https://passerelle.example.ca', protocol: /^https?$/ })
  .transform((u) => u.replace(/\/+$/, ''));
/** Comma-separated ids (tenants, Entra object ids), case-insensitive GUIDs. */
const idList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((id) => id.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'expected comma-separated GUIDs')));

/** `name:sha256hex,name2:sha256hex`: admin API tokens, stored only as hashes, each named for the audit log. */
const tokenHashes = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(/^[\w.@-]{1,64}:[0-9a-fA-F]{64}$/, 'expected name:sha256-hex pairs, comma-separated (npm run --silent admin:token -- NAME makes one)')
        .transform((entry) => {
          const [name, hash] = entry.split(':') as [string, string];
          return { name, hash: hash.toLowerCase() };
        }),
    ),
  );

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'expected development, production or test' }).default('development'),
  PORT: port.default(3978),
  HOST: z.string().min(1, 'expected a host name or address, e.g. 0.0.0.0').default('0.0.0.0'),
  KNOWLEDGE_DIR: z.string().min(1, 'expected a folder path').default('knowledge'),
  DATA_DIR: z.string().min(1, 'expected a folder path').default('data'),
  STALE_AFTER_DAYS: days.default(365),
  REFERRAL_RETENTION_DAYS: days.default(365),
  /** Where referral notices are sent from: smtp://user:pass@host:port (smtps:// for TLS). Unset: nothing is emailed, the caseworker hands the letter over. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'expected smtp://host:port or smtps://user:password@host:port')
    .optional(),
  REFERRAL_FROM: z.string().min(3, 'expected a sender such as "Passerelle <references@organisme.qc.ca>"').default('Passerelle <no-reply@localhost>'),
  /** Signs the organizations' links; unset: a random key kept in the storage (shared by every instance). */
  REFERRAL_LINK_SECRET: z.string().min(32, 'expected at least 32 characters of random text').optional(),
  /** An organization's link works this many days after it was sent. */
  REFERRAL_LINK_DAYS: days.default(30),
  /** The caseworker is reminded once when the organization has not answered a sent referral after this many days. */
  REFERRAL_REMINDER_DAYS: days.default(7),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'expected one of fatal, error, warn, info, debug, trace, silent' })
    .default('info'),
  LOG_CONVERSATION_TEXT: flag.default(false),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppTenantId: z.string().default(''),
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', ''], { message: 'expected MultiTenant, SingleTenant or UserAssignedMSI' })
    .default(''),
  BOT_OPENID_METADATA_URL: url.optional(),
  PUBLIC_URL: url.optional(),
  TRUST_PROXY: flag.default(false),
  TRUST_PROXY_HOPS: count.default(1),
  WEBCHAT_TOKEN_SECRET: z.string().min(32, 'expected at least 32 characters of random text').optional(),
  WEBCHAT_TOKEN_MINUTES: minutes.default(30),
  WEBCHAT_IDLE_MINUTES: minutes.default(60),
  WEBCHAT_MAX_CONVERSATIONS: count.default(5000),
  WEBCHAT_IP_REQUESTS_PER_MINUTE: perMinute.default(600),
  WEBCHAT_MESSAGES_PER_MINUTE: perMinute.default(30),
  WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE: perMinute.default(20),
  WEBCHAT_STREAMS_PER_CONVERSATION: count.default(4),
  /** Where the built-in channel keeps transcripts: `storage` (shared, several instances; the default with STORAGE=blob) or `memory` (one instance). */
  WEBCHAT_TRANSCRIPTS: z.enum(['memory', 'storage'], { message: 'expected memory or storage' }).optional(),
  /** With shared transcripts, how often an instance looks for activities stored by another one for its open streams. */
  WEBCHAT_POLL_MS: milliseconds.default(1_000),
  DIRECT_LINE_SECRET: z.string().optional(),
  DIRECT_LINE_DOMAIN: url.default('https://directline.botframework.com/v3/directline'),
  TEAMS_APP_ID: z.uuid({ message: 'expected a GUID' }).optional(),
  ALLOWED_TENANT_IDS: idList.default([]),
  ADMIN_AAD_OBJECT_IDS: idList.default([]),
  ADMIN_TOKEN_HASHES: tokenHashes.default([]),
  /** A change set needs another admin's approval before it is published; `false` for a single-admin install. */
  REVIEW_REQUIRED: flag.default(true),
  /** Every this many hours, each instance checks the links of the offerings served (0: only on demand). */
  LINK_CHECK_HOURS: z.coerce.number({ message: 'expected a number of hours' }).min(0, 'expected a number of hours, 0 or more').default(24),
  /** How admins sign in: `token` (ADMIN_TOKEN_HASHES; the console trades the token for a session cookie) or `appservice` (Azure App Service Authentication, Entra ID; admins are ADMIN_AAD_OBJECT_IDS). */
  ADMIN_AUTH: z.enum(['token', 'appservice'], { message: 'expected token or appservice' }).default('token'),
  /** Signs console sessions: the same on every instance (random per process when unset: sessions end at a restart). */
  ADMIN_SESSION_SECRET: z.string().min(32, 'expected at least 32 characters of random text').optional(),
  STORAGE: z.enum(['sqlite', 'blob'], { message: 'expected sqlite or blob' }).default('sqlite'),
  BLOB_CONNECTION_STRING: z.string().optional(),
  BLOB_ACCOUNT_URL: url.optional(),
  BLOB_CONTAINER: z
    .string()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'expected a container name: 3 to 63 lowercase letters, digits and single hyphens')
    .default('passerelle'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().optional(),
  TURN_BUDGET_MS: milliseconds.default(8_000),
  STORAGE_CALL_BUDGET_MS: milliseconds.default(3_000),
  KNOWLEDGE_SYNC_SECONDS: z.coerce.number({ message: 'expected a number of seconds' }).positive('expected a number of seconds, more than 0').default(2),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Every variable Passerelle reads (each must be documented in .env.example: a test checks). */
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as (keyof Config)[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Empty strings count as unset, as in most .env files. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (parsed.success && parsed.data.STORAGE === 'blob' && !parsed.data.BLOB_CONNECTION_STRING && !parsed.data.BLOB_ACCOUNT_URL) {
    throw new ConfigError([
      'BLOB_CONNECTION_STRING="": required when STORAGE=blob, or BLOB_ACCOUNT_URL (https://ACCOUNT.blob.core.windows.net) to sign in with a managed identity',
    ]);
  }
  if (!parsed.success) {
    throw new ConfigError(
      // One line per variable and message, even when several items of a list fail alike.
      [...new Set(parsed.error.issues.map((i) => `${String(i.path[0])}=${JSON.stringify(present[String(i.path[0])] ?? '')}: ${i.message}`))],
    );
  }
  return parsed.data;
}

/** The admins who can sign in: token names, or the Entra object ids with App Service Authentication. */
export const adminCount = (config: Pick<Config, 'ADMIN_AUTH' | 'ADMIN_TOKEN_HASHES' | 'ADMIN_AAD_OBJECT_IDS'>): number =>
  config.ADMIN_AUTH === 'appservice' ? config.ADMIN_AAD_OBJECT_IDS.length : config.ADMIN_TOKEN_HASHES.length;

/**
 * Whether change sets wait for a reviewer: REVIEW_REQUIRED, when there is anyone to review. With
 * no admin at all (a developer's machine, a team that reviews in git), nobody could ever approve
 * the knowledge files' change set: they are published as before, never over versions made since.
 */
export const reviewRequired = (config: Pick<Config, 'REVIEW_REQUIRED' | 'ADMIN_AUTH' | 'ADMIN_TOKEN_HASHES' | 'ADMIN_AAD_OBJECT_IDS'>): boolean =>
  config.REVIEW_REQUIRED && adminCount(config) > 0;
