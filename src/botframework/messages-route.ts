import type { Activity } from 'botbuilder';
import restify, { type Server } from 'restify';
import type { BotRuntime } from '../bot/bot-runtime';
import { CredentialsError } from '../bot/passerelle-adapter';
import { QueueFullError } from '../bot/turn-queue';
import { shortHash, type Logger } from '../log/logger';
import { asyncHandler, sendError } from '../server/async-handler';
import { checkActivityBody } from './activity-guard';

/** Bodies over this are refused with 413 (Bot Framework activities are far smaller). */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * `POST /api/messages`, the Bot Framework channel (Teams, the Emulator, `npm run chat`): the body
 * is checked first (4xx with a reason), then the turn waits its turn in its conversation's queue
 * and runs through CloudAdapter, which authenticates it.
 */
export function registerMessagesRoute(server: Server, deps: { runtime: BotRuntime; logger: Logger }): void {
  const { runtime, logger } = deps;
  server.post(
    '/api/messages',
    restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }),
    asyncHandler(logger, async (req, res) => {
      const checked = checkActivityBody(req.header('content-type'), req.body);
      if (!checked.ok) return sendError(res, checked.status, checked.code, checked.message);
      req.body = checked.activity;
      const a = checked.activity as { channelId: string; conversation: { id: string } };
      const authorization = req.header('authorization') ?? '';
      try {
        const answer = await runtime.turns.run(`${a.channelId}|${a.conversation.id}`, () =>
          runtime.adapter.processAuthenticated(withDates(checked.activity), authorization, runtime.logic),
        );
        res.send(answer?.status ?? 200, answer?.body);
      } catch (e) {
        if (e instanceof CredentialsError) {
          logger.warn({ kind: e.kind }, 'Bot Framework credentials not accepted');
          if (e.kind === 'refused') return sendError(res, 401, 'Unauthorized', 'a valid Bot Framework token is required');
          res.header('Retry-After', '10');
          return sendError(res, 503, 'ServiceUnavailable', 'the credentials cannot be checked right now, try again');
        }
        if (!(e instanceof QueueFullError)) throw e;
        logger.warn({ conversation: shortHash(a.conversation.id) }, 'turn queue full');
        sendError(res, 429, 'TooManyRequests', 'too many messages waiting in this conversation');
      }
    }),
  );
}

/** The activity as botbuilder expects it from a request: its date fields as Dates (as CloudAdapter's own `process` does). */
function withDates(body: Record<string, unknown>): Activity {
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = body[field];
    if (typeof value === 'string') {
      body[raw] = value;
      body[field] = new Date(value);
    }
  }
  return body as unknown as Activity;
}
