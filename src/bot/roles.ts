import type { Audience } from '../knowledge/vocabulary';

/**
 * Who may do what, decided from the activity and the settings alone (no botbuilder here).
 *
 * - Teams (`msteams`): users of a tenant in ALLOWED_TENANT_IDS are caseworkers (eligibility for a
 *   client, referrals, their referrals); among them, the Entra object ids in ADMIN_AAD_OBJECT_IDS
 *   are admins (`kb status`, `kb reload`). Anyone else in Teams gets the newcomer experience.
 *   Teams sends no roles: the tenant and object id come from the activity, which CloudAdapter has
 *   authenticated (production refuses to start without an app id).
 * - The web chat (`directline`, `webchat`): always the newcomer, never an admin.
 * - Anything else (the Emulator, `npm run chat`, tests) is a caseworker tool only in local mode
 *   (no MicrosoftAppId): with an app id, only Azure's channels can reach the bot at all.
 */

export interface Role {
  audience: Audience;
  admin: boolean;
  /** Why this user is not a caseworker, for a clear refusal. */
  reason?: 'newcomerChannel' | 'tenantNotAllowed' | 'notLocal';
}

export interface RolePolicy {
  allowedTenantIds: readonly string[];
  adminObjectIds: readonly string[];
  /** No MicrosoftAppId: development with the Emulator or the terminal. */
  localMode: boolean;
}

export interface RoleClues {
  channelId?: string;
  from?: { aadObjectId?: string };
  channelData?: unknown;
}

const NEWCOMER_CHANNELS = new Set(['webchat', 'directline']);

export function tenantOf(activity: RoleClues): string | undefined {
  const tenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return typeof tenant === 'string' ? tenant.toLowerCase() : undefined;
}

export function roleOf(activity: RoleClues, policy: RolePolicy): Role {
  const channel = activity.channelId ?? '';
  if (NEWCOMER_CHANNELS.has(channel)) return { audience: 'self', admin: false, reason: 'newcomerChannel' };
  if (channel === 'msteams') {
    const tenant = tenantOf(activity);
    if (!tenant || !policy.allowedTenantIds.includes(tenant)) return { audience: 'self', admin: false, reason: 'tenantNotAllowed' };
    const objectId = typeof activity.from?.aadObjectId === 'string' ? activity.from.aadObjectId.toLowerCase() : undefined;
    return { audience: 'caseworker', admin: !!objectId && policy.adminObjectIds.includes(objectId) };
  }
  return policy.localMode ? { audience: 'caseworker', admin: false } : { audience: 'self', admin: false, reason: 'notLocal' };
}
