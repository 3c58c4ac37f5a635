import type { Config } from '../config';

/**
 * Settings that start but will not do what the operator most likely wants: logged as warnings at
 * start (never a refusal: a single instance on Blob storage is a fine deployment).
 */
export function startupWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.MicrosoftAppId && config.ALLOWED_TENANT_IDS.length === 0) {
    warnings.push('ALLOWED_TENANT_IDS is empty: every Teams user gets the newcomer experience, no one the caseworker features');
  }
  if (config.STORAGE === 'blob' && !config.DIRECT_LINE_SECRET) {
    warnings.push(
      "STORAGE=blob (several instances) with the built-in web chat channel: its conversations live in one instance's memory. " +
        'Route each web chat conversation to one instance (sticky sessions), or set DIRECT_LINE_SECRET (Azure Direct Line), the multi-instance path (docs/operations.md)',
    );
    if (!config.WEBCHAT_TOKEN_SECRET) {
      warnings.push('STORAGE=blob without WEBCHAT_TOKEN_SECRET: each instance signs web chat tokens with its own random key, so another instance refuses them');
    }
  }
  return warnings;
}
