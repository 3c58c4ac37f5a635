import type { TurnContext } from 'botbuilder';
import { turnRole } from './role-middleware';
import type { Audience } from '../knowledge/vocabulary';

/**
 * Who the bot talks to: caseworkers ask about a client and may refer; newcomers (the web chat,
 * Teams users outside the allowed tenants) ask for themselves and nothing is referred.
 */
export const audienceOf = (context: TurnContext): Audience => turnRole(context).audience;

/** Who made a referral: the Teams user's Entra object id where present, else the channel's user id. */
export function caseworkerIdOf(context: TurnContext): string {
  const from = context.activity.from as { id: string; aadObjectId?: string };
  return from.aadObjectId ?? from.id;
}
