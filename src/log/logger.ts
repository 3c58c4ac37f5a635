import { createHash } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config';
import { INSTANCE_ID } from './instance-id';

export type { Logger } from 'pino';

/** The same error message logged more than this many times a minute is counted, not written. */
export const ERRORS_PER_MINUTE = 10;

/**
 * JSON logs on stdout, each line with the instance and a string severity ("error") next to
 * pino's numeric level; errors go through `errorFields`. An error repeated in a loop (storage down,
 * every turn failing alike) is written at most ERRORS_PER_MINUTE times a minute per message, then
 * counted: one "repeated errors suppressed" line says how many. `destination` lets tests read the lines.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream, now: () => number = Date.now): Logger {
  const limiter = new RepeatLimiter(ERRORS_PER_MINUTE, 60_000, now);
  // The hook writes its summary through the logger it belongs to, made just below.
  const self: { logger?: Logger } = {};
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { service: 'passerelle', instance: INSTANCE_ID },
    serializers: { err: errorFields },
    formatters: { level: (label, number) => ({ level: number, severity: label }) },
    hooks: {
      logMethod(args, method, level) {
        if (level < 50) return method.apply(this, args);
        const message = args.find((a): a is string => typeof a === 'string') ?? '';
        const verdict = limiter.take(message);
        if (verdict.flushed) self.logger?.warn({ suppressed: verdict.flushed.count, message: verdict.flushed.key }, 'repeated errors suppressed');
        if (verdict.write) method.apply(this, args);
      },
    },
  };
  self.logger = destination ? pino(options, destination) : pino(options);
  return self.logger;
}

/** Counts messages per key in fixed windows: the first `max` of a window are written, the rest counted until the window ends. */
class RepeatLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  take(key: string): { write: boolean; flushed?: { key: string; count: number } } {
    const at = this.now();
    const w = this.windows.get(key);
    if (!w || at - w.start >= this.windowMs) {
      const suppressed = w ? w.count - this.max : 0;
      this.windows.set(key, { start: at, count: 1 });
      if (this.windows.size > 1000) this.windows.delete(this.windows.keys().next().value!);
      return { write: true, ...(suppressed > 0 ? { flushed: { key, count: suppressed } } : {}) };
    }
    w.count++;
    return { write: w.count <= this.max };
  }
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
