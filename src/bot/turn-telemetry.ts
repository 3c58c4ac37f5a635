import type { Middleware, TurnContext } from 'botbuilder';
import { inSpan, instruments, startSpan } from '../telemetry/telemetry';

/**
 * The first middleware: one `turn` span per activity, around every other middleware and the bot,
 * and the turn latency histogram by channel and outcome. Attributes name the channel and the
 * activity type only.
 */
export class TurnTelemetryMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const channel = String(context.activity.channelId);
    const attributes = { 'passerelle.channel': channel, 'passerelle.activity.type': String(context.activity.type) };
    const started = performance.now();
    await inSpan('turn', attributes, async (span) => {
      let outcome = 'answered';
      try {
        await next();
      } catch (err) {
        outcome = 'failed';
        throw err;
      } finally {
        span.setAttribute('passerelle.turn.outcome', outcome);
        instruments().turnDuration.record(performance.now() - started, { channel, outcome });
      }
    });
  }
}

/** A middleware whose own work (until it calls `next`) is a span `middleware.<name>`. */
export function tracedMiddleware(name: string, middleware: Middleware): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const span = startSpan(`middleware.${name}`);
      let ended = false;
      const end = () => {
        if (!ended) span.end();
        ended = true;
      };
      try {
        await middleware.onTurn(context, async () => {
          end();
          await next();
        });
      } finally {
        end();
      }
    },
  };
}
