import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { ConversationStore } from './conversation-store';

/** The channel id of the built-in Direct Line, as Azure's Direct Line names it. */
export const DIRECT_LINE_CHANNEL = 'directline';

/** How the bot appears in the built-in channel's activities. */
export const DIRECT_LINE_BOT = { id: 'passerelle', name: 'Passerelle', role: 'bot' } as const;

/**
 * Runs the same bot for the built-in Direct Line channel: activities come from the Direct Line
 * routes instead of HTTP, and replies are stored in the conversation (and pushed to its open
 * streams) instead of being posted to a Bot Connector. No dialog knows the difference.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(private readonly conversations: ConversationStore) {
    super();
  }

  /** One turn for an activity that came in through the channel, with the adapter's middleware. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversation = this.conversationOf(context);
    const responses: ResourceResponse[] = [];
    // Messages between two pauses are stored in one call (with shared transcripts, one head update).
    let batch: { at: number; activity: Partial<Activity> }[] = [];
    const flush = async () => {
      if (batch.length === 0 || !conversation) return;
      const stored = await conversation.appendAll(batch.map((b) => b.activity));
      batch.forEach((b, i) => (responses[b.at] = { id: stored[i]?.id ?? '' }));
      batch = [];
    };
    for (const activity of activities) {
      // `delay` pauses between messages; traces are for the Emulator only: neither reaches the user.
      if (activity.type === 'delay') {
        await flush();
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? Math.min(activity.value, 5_000) : 1_000));
        responses.push({ id: '' });
        continue;
      }
      if (activity.type === ActivityTypes.Trace || !conversation) {
        responses.push({ id: '' });
        continue;
      }
      batch.push({
        at: responses.length,
        activity: {
          ...activity,
          channelId: DIRECT_LINE_CHANNEL,
          conversation: { id: conversation.id } as Activity['conversation'],
          from: { ...DIRECT_LINE_BOT },
          recipient: { id: conversation.userId, role: 'user' },
          timestamp: new Date(),
        } as Partial<Activity>,
      });
      responses.push({ id: '' });
    }
    await flush();
    return responses;
  }

  async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    const conversation = this.conversationOf(context);
    if (!conversation || !activity.id) return;
    await conversation.replace({
      ...activity,
      id: activity.id,
      channelId: DIRECT_LINE_CHANNEL,
      conversation: { id: conversation.id },
      from: { ...DIRECT_LINE_BOT },
      timestamp: new Date(),
    } as Partial<Activity> & { id: string });
    return { id: activity.id };
  }

  /**
   * The turn's conversation. With shared transcripts, one this instance has not cached (a
   * proactive message for a conversation served elsewhere) is opened from the storage.
   */
  private conversationOf(context: TurnContext) {
    const { conversation, from, locale } = context.activity;
    const id = conversation?.id ?? '';
    return this.conversations.get(id) ?? (this.conversations.shared && id ? this.conversations.open(id, from?.id ?? '', locale) : undefined);
  }

  /** Web Chat cannot remove a message it has shown; deleting is accepted and does nothing. */
  async deleteActivity(): Promise<void> {}

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
