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
    const conversation = this.conversations.get(context.activity.conversation?.id ?? '');
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      // `delay` pauses between messages; traces are for the Emulator only: neither reaches the user.
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? Math.min(activity.value, 5_000) : 1_000));
        responses.push({ id: '' });
        continue;
      }
      if (activity.type === ActivityTypes.Trace || !conversation) {
        responses.push({ id: '' });
        continue;
      }
      const stored = conversation.append({
        ...activity,
        channelId: DIRECT_LINE_CHANNEL,
        conversation: { id: conversation.id } as Activity['conversation'],
        from: { ...DIRECT_LINE_BOT },
        recipient: { id: conversation.userId, role: 'user' },
        timestamp: new Date(),
      } as Partial<Activity>);
      responses.push({ id: stored.id ?? '' });
    }
    return responses;
  }

  async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    const conversation = this.conversations.get(context.activity.conversation?.id ?? '');
    if (!conversation || !activity.id) return;
    conversation.replace({
      ...activity,
      id: activity.id,
      channelId: DIRECT_LINE_CHANNEL,
      conversation: { id: conversation.id },
      from: { ...DIRECT_LINE_BOT },
      timestamp: new Date(),
    } as Partial<Activity> & { id: string });
    return { id: activity.id };
  }

  /** Web Chat cannot remove a message it has shown; deleting is accepted and does nothing. */
  async deleteActivity(): Promise<void> {}

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
