import { createHash } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config';

export type { Logger } from 'pino';

/** JSON logs on stdout; errors go through `errorFields`. `destination` lets tests read what would be written. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = { level: config.LOG_LEVEL, base: { service: 'passerelle' }, serializers: { err: errorFields } };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * An error as logged: name, message, stack and cause, and nothing else. botbuilder's
 * DialogContextError carries the dialog stack, whose options and values hold what the user typed.
 */
export function errorFields(err: unknown, depth = 0): Record<string, unknown> | string {
  if (!(err instanceof Error)) return String(err);
  const inner = (err as { error?: unknown }).error ?? err.cause;
  return {
    type: err.name,
    message: err.message,
    stack: err.stack,
    ...((err as { code?: unknown }).code !== undefined ? { code: (err as { code?: unknown }).code } : {}),
    ...(inner !== undefined && depth < 2 ? { cause: errorFields(inner, depth + 1) } : {}),
  };
}

/** A short stable hash: correlates the lines of one conversation without logging its id. */
export function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

interface ActivityLike {
  type?: unknown;
  id?: unknown;
  channelId?: unknown;
  locale?: unknown;
  deliveryMode?: unknown;
  text?: unknown;
  conversation?: { id?: unknown };
}

/**
 * What may be logged about an activity. Ids of users and conversations are hashed, names and
 * message text are left out unless LOG_CONVERSATION_TEXT=true (debugging only).
 */
export function activityFields(activity: ActivityLike, logText: boolean): Record<string, unknown> {
  const conversationId = activity.conversation?.id;
  const fields: Record<string, unknown> = {
    activityType: activity.type,
    channelId: activity.channelId,
    conversation: typeof conversationId === 'string' ? shortHash(conversationId) : undefined,
    locale: activity.locale,
    deliveryMode: activity.deliveryMode,
    textLength: typeof activity.text === 'string' ? activity.text.length : undefined,
  };
  if (logText) fields.text = activity.text;
  return fields;
}
