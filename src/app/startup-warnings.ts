import { adminCount, type Config } from '../config';
import { sharedTranscripts } from '../directline/web-chat-channel';

/**
 * Settings that start but will not do what the operator most likely wants: logged as warnings at
 * start (never a refusal: a single instance on Blob storage is a fine deployment).
 */
export function startupWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.MicrosoftAppId && config.ALLOWED_TENANT_IDS.length === 0) {
    warnings.push('ALLOWED_TENANT_IDS is empty: every Teams user gets the newcomer experience, no one the caseworker features');
  }
  if (config.REVIEW_REQUIRED && adminCount(config) === 1) {
    warnings.push(
      'REVIEW_REQUIRED=true with a single admin: nobody else can approve their change sets. Add a second admin, or set REVIEW_REQUIRED=false for a single-admin install',
    );
  }
  if (config.STORAGE === 'blob' && !config.DIRECT_LINE_SECRET) {
    if (!sharedTranscripts(config)) {
      warnings.push(
        "STORAGE=blob (several instances) with WEBCHAT_TRANSCRIPTS=memory: the built-in web chat channel's conversations live in one instance's memory. " +
          'Route each web chat conversation to one instance (sticky sessions), remove WEBCHAT_TRANSCRIPTS (shared transcripts, the default with Blob), or set DIRECT_LINE_SECRET (Azure Direct Line) (docs/operations.md)',
      );
    }
    if (config.ADMIN_AUTH === 'token' && config.ADMIN_TOKEN_HASHES.length > 0 && !config.ADMIN_SESSION_SECRET) {
      warnings.push(
        'STORAGE=blob without ADMIN_SESSION_SECRET: each instance signs admin console sessions with its own random key, so another instance signs the admin out',
      );
    }
    if (!config.WEBCHAT_TOKEN_SECRET) {
      warnings.push('STORAGE=blob without WEBCHAT_TOKEN_SECRET: each instance signs web chat tokens with its own random key, so another instance refuses them');
    }
  }
  return warnings;
}
