import type { TurnContext } from 'botbuilder';

/**
 * Who the bot talks to: caseworkers (Teams, the Emulator, the terminal) ask about a client and
 * may refer; on the public web chat, the person asks for themself and nothing is referred.
 */
export type Audience = 'caseworker' | 'self';

const SELF_CHANNELS = new Set(['webchat', 'directline']);

export const audienceOf = (context: TurnContext): Audience => (SELF_CHANNELS.has(context.activity.channelId) ? 'self' : 'caseworker');

/** Who made a referral: the Teams user's Entra object id where present, else the channel's user id. */
export function caseworkerIdOf(context: TurnContext): string {
  const from = context.activity.from as { id: string; aadObjectId?: string };
  return from.aadObjectId ?? from.id;
}
