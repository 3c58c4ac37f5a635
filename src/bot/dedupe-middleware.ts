import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { LocalClaims, type ActivityClaims } from './activity-claims';

/**
 * Answers each activity once. Teams redelivers an activity it got no answer to within about 15 s,
 * and Web Chat retries a failed send with the same `channelData.clientActivityID` (Direct Line
 * gives the retry a new id). Runs after authentication, so forged requests cannot mark ids; and
 * because turns of a conversation are queued, a redelivery that arrives during the first turn
 * waits for it and is then dropped. Ids are kept ten minutes once answered: in memory for one
 * instance, also in shared storage with several (SharedClaims). A turn that fails releases them;
 * one whose process died leaves a lease that expires (activity-claims.ts).
 */
export class DedupeMiddleware implements Middleware {
  constructor(
    private readonly claims: ActivityClaims = new LocalClaims(),
    private readonly onRepeat: (activity: Activity) => void = () => undefined,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const keys = dedupeKeys(context.activity);
    if (keys.length === 0) return next();
    const claim = await this.claims.claim(keys);
    if (!claim) {
      this.onRepeat(context.activity);
      return;
    }
    try {
      await next();
    } catch (err) {
      // The turn failed (its apology follows): a redelivery of this activity is answered, not dropped.
      await claim.release();
      throw err;
    }
    await claim.done();
  }
}

export function dedupeKeys(activity: Partial<Activity>): string[] {
  const scope = `${String(activity.channelId)}|${String(activity.conversation?.id)}`;
  const clientId: unknown = (activity.channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID;
  return [activity.id, clientId].filter((id): id is string => typeof id === 'string' && id.length > 0).map((id) => `${scope}|${id}`);
}
