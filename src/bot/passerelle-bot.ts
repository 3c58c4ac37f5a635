import { Channels, TeamsActivityHandler, TurnContext, type Activity, type InvokeResponse, type StatePropertyAccessor } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { i18n } from 'i18next';
import type { Translate } from '../i18n/translator';
import { cutMessage, MAX_MESSAGE_CHARS } from './input-limit';
import type { BotStates } from './state';
import { isAbandoned } from './turn-budget';
import { turnTranslator } from './turn-language';

/** The conversation the bot runs for each message: the dialogs' root (MainDialog). */
export interface ConversationDialog {
  run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void>;
}

/**
 * The activity handler (Teams' own, which also understands Teams' invokes and events): messages
 * go to MainDialog; new members get the welcome, in Teams when the app is installed in a personal
 * chat. State is saved at the end of every turn. Other activity types are accepted and ignored.
 */
export class PasserelleBot extends TeamsActivityHandler {
  constructor(
    private readonly states: BotStates,
    private readonly dialog: ConversationDialog,
    private readonly welcomeActivity: (t: Translate) => Partial<Activity>,
    private readonly i18n: i18n,
  ) {
    super();

    this.onMessage(async (context, next) => {
      await this.cleanText(context);
      await this.dialog.run(context, this.states.dialogState);
      await next();
    });

    // Teams sends membersAdded without a locale and on every team join: it is welcomed on installationUpdate instead.
    this.onMembersAdded(async (context, next) => {
      const recipientId = context.activity.recipient?.id;
      const someoneElse = (context.activity.membersAdded ?? []).some((m) => m.id !== recipientId);
      if (someoneElse && context.activity.channelId !== (Channels.Msteams as string)) await this.welcome(context);
      await next();
    });

    // Installed in a personal chat: welcome. In a team or group chat the bot stays quiet until asked.
    this.onInstallationUpdateAdd(async (context, next) => {
      const scope = context.activity.conversation?.conversationType;
      if (!scope || scope === 'personal') await this.welcome(context);
      await next();
    });
  }

  /**
   * Invokes Passerelle does not use (its cards post messages, not invokes) get 400 with a reason
   * instead of botbuilder's 501, and a malformed one never fails the turn.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    try {
      const response = await super.onInvokeActivity(context);
      if (response.status !== 501) return response;
    } catch {
      // botbuilder reads the invoke's value without checking it (adaptiveCard/action without action)
    }
    return { status: 400, body: { code: 'NotSupported', message: `Passerelle does not handle the invoke "${String(context.activity.name)}"` } };
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    // Out of time, the person got an apology instead of this turn's answer: keep the state as it was.
    if (isAbandoned(context)) return;
    await this.states.conversationState.saveChanges(context, false);
    await this.states.userState.saveChanges(context, false);
  }

  private async welcome(context: TurnContext): Promise<void> {
    await context.sendActivity(this.welcomeActivity(turnTranslator(context, this.i18n)));
  }

  /** Drops a Teams @mention of the bot, and cuts overlong text with a notice. */
  private async cleanText(context: TurnContext): Promise<void> {
    const { activity } = context;
    if (typeof activity.text !== 'string') return;
    let text = activity.text;
    try {
      if (activity.recipient?.id) text = TurnContext.removeRecipientMention(activity) ?? activity.text;
    } catch {
      // A malformed mention from a client: the text stays as sent.
    }
    const cut = cutMessage(text);
    text = cut.text.trim();
    activity.text = text;
    if (cut.cut) await context.sendActivity(turnTranslator(context, this.i18n)('input.truncated', { max: MAX_MESSAGE_CHARS }));
  }
}
