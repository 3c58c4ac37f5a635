import { randomUUID } from 'node:crypto';
import type { ConversationState, TurnContext } from 'botbuilder';
import type { i18n } from 'i18next';
import { activityFields, type Logger } from '../log/logger';
import { turnTranslator } from './turn-language';

/**
 * The adapter's `onTurnError`: logs the error with a correlation id, clears the conversation's
 * state (a broken dialog stack would fail every following turn) and tells the user, in their
 * language, with the id and never a stack trace. It never throws: the HTTP answer stays a 200.
 */
export function turnErrorHandler(deps: { logger: Logger; conversationState: ConversationState; i18n: i18n; logText: boolean }) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const correlationId = randomUUID().slice(0, 8);
    deps.logger.error({ err: error, correlationId, ...activityFields(context.activity, deps.logText) }, 'turn failed');
    try {
      await deps.conversationState.delete(context);
    } catch (e) {
      deps.logger.warn({ err: e, correlationId }, 'could not clear the conversation state');
    }
    try {
      await context.sendActivity(turnTranslator(context, deps.i18n)('errors.turn', { id: correlationId }));
    } catch (e) {
      deps.logger.warn({ err: e, correlationId }, 'could not send the apology');
    }
  };
}
