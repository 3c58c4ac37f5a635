import { randomUUID } from 'node:crypto';
import type { ConversationState, TurnContext } from 'botbuilder';
import type { i18n } from 'i18next';
import { activityFields, type Logger } from '../log/logger';
import { instruments } from '../telemetry/telemetry';
import { turnTranslator } from './turn-language';

/** Why a turn failed, as far as the user and the state are concerned. */
export type TurnFailure = 'conflict' | 'unavailable' | 'bug';

/**
 * An eTag conflict: another instance saved this conversation's state first (its write stands);
 * storage unreachable (network, Blob storage down); or anything else, a bug of ours.
 */
export function classifyTurnError(error: unknown): TurnFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (/eTag conflict/i.test(message)) return 'conflict';
  const code = (error as { code?: unknown } | undefined)?.code;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'REQUEST_SEND_ERROR'].includes(String(code)) || status === 503 || status === 500) {
    return 'unavailable';
  }
  return 'bug';
}

/**
 * The adapter's `onTurnError`: logs the error with a correlation id and tells the user, in their
 * language, with the id and never a stack trace. After a bug it clears the conversation's state
 * (a broken dialog stack would fail every following turn); after a conflict or an outage it
 * leaves the state alone: it is not broken, and the write that won must not be lost. It never
 * throws: the HTTP answer stays a 200.
 */
export function turnErrorHandler(deps: { logger: Logger; conversationState: ConversationState; i18n: i18n; logText: boolean }) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const correlationId = randomUUID().slice(0, 8);
    const failure = classifyTurnError(error);
    instruments().turnFailures.add(1, { failure, channel: String(context.activity.channelId) });
    deps.logger.error({ err: error, correlationId, failure, ...activityFields(context.activity, deps.logText) }, 'turn failed');
    if (failure === 'bug') {
      try {
        await deps.conversationState.delete(context);
      } catch (e) {
        deps.logger.warn({ err: e, correlationId }, 'could not clear the conversation state');
      }
    }
    const key = failure === 'conflict' ? 'errors.conflict' : failure === 'unavailable' ? 'errors.unavailable' : 'errors.turn';
    try {
      await context.sendActivity(turnTranslator(context, deps.i18n)(key, { id: correlationId }));
    } catch (e) {
      deps.logger.warn({ err: e, correlationId }, 'could not send the apology');
    }
  };
}
