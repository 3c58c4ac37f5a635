import { CardFactory, MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogContext,
  type DialogState,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { audienceOf } from '../src/bot/audience';
import type { DialogServices } from '../src/bot/services';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import { replaceCheckCard } from '../src/cards/question-card';
import { readFacts } from '../src/eligibility/understand';
import { AnswerPrompt } from './answer-prompt';
import { CaseActions } from './case-actions';
import { AdminDialog } from './admin-dialog';
import { EligibilityDialog } from './eligibility-dialog';
import { HelpDialog } from './help-dialog';
import { IntentReader, type Intent } from './intent';
import { LanguageDialog } from './language-dialog';
import { OfferingDetailsDialog } from './offering-details-dialog';
import { MyReferralsDialog } from './my-referrals-dialog';
import { ReferralDialog } from './referral-dialog';
import { safetyMatch, sendSafetyAnswer } from './safety-answer';
import { SearchDialog } from './search-dialog';
import { suggestions, welcomeActivity } from './welcome';

const ROUTE = 'route';
/** Facts in one message that make it a check for a client rather than a search ("PR since 2023, Laval, 34"). */
const FACTS_FOR_A_CHECK = 3;

/**
 * Routes each message to a dialog (as in BotBuilder-Samples' core-bot). While a dialog waits for
 * an answer (a prompt), commands and button clicks interrupt it: help shows and the prompt asks
 * again; restart clears everything; a language switch or a button starts over from the route.
 */
export class MainDialog extends ComponentDialog {
  static readonly id = 'main';
  private readonly intents: IntentReader;
  private readonly eligibility: EligibilityDialog;
  private readonly cases: CaseActions;

  constructor(private readonly services: DialogServices) {
    super(MainDialog.id);
    this.intents = new IntentReader(services.i18n);
    this.eligibility = new EligibilityDialog(services);
    this.cases = new CaseActions(services);
    this.addDialog(new SearchDialog(services))
      .addDialog(new OfferingDetailsDialog(services))
      .addDialog(new HelpDialog(services))
      .addDialog(new LanguageDialog(services))
      .addDialog(this.eligibility)
      .addDialog(new ReferralDialog(services))
      .addDialog(new MyReferralsDialog(services))
      .addDialog(new AdminDialog(services))
      .addDialog(new WaterfallDialog(ROUTE, [this.routeStep.bind(this), this.finalStep.bind(this)]));
    this.initialDialogId = ROUTE;
  }

  /** One turn: continue the dialog in progress, else start routing this message. */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(dialogState);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /**
   * A message that suggests danger gets the safety answer first and alone, before any routing or
   * dialog step reads it; with nothing in progress, the turn ends there.
   */
  protected override async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const danger = safetyMatch(innerDc.context, this.services);
    if (!danger) return super.onBeginDialog(innerDc, options);
    await sendSafetyAnswer(innerDc.context, danger, this.services, false);
    return { status: DialogTurnStatus.complete };
  }

  /** The same in the middle of a dialog (a check, a referral): the dialog is kept as it was, and "continue" asks its question again. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const danger = safetyMatch(innerDc.context, this.services);
    if (danger) {
      await sendSafetyAnswer(innerDc.context, danger, this.services, innerDc.activeDialog?.id === EligibilityDialog.id);
      return { status: DialogTurnStatus.waiting };
    }
    const intent = this.read(innerDc.context);
    switch (intent.kind) {
      case 'help':
        return innerDc.beginDialog(HelpDialog.id);
      // Details and "continue" are detours: the question in progress is asked again after them.
      case 'details':
        return innerDc.beginDialog(OfferingDetailsDialog.id, { offeringId: intent.offeringId });
      case 'resume':
        await innerDc.context.sendActivity(turnTranslator(innerDc.context, this.services.i18n)('safety.resuming'));
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'admin':
        return innerDc.beginDialog(AdminDialog.id, { command: intent.command });
      case 'restart':
        await innerDc.cancelAllDialogs();
        await this.sendRestart(innerDc.context);
        return { status: DialogTurnStatus.complete };
      // Detours too: the language switches and the question comes back in it; referrals, then the question.
      case 'language':
        return innerDc.beginDialog(LanguageDialog.id, { lang: intent.lang });
      case 'refer':
        return innerDc.beginDialog(ReferralDialog.id, { offeringId: intent.offeringId });
      case 'myReferrals':
        return innerDc.beginDialog(MyReferralsDialog.id, {});
      case 'referralStatus':
        return innerDc.beginDialog(MyReferralsDialog.id, { change: { referralId: intent.referralId, status: intent.status } });
      case 'referralLabel':
        return innerDc.beginDialog(MyReferralsDialog.id, { label: { referralId: intent.referralId, label: intent.label } });
      case 'why':
        await this.cases.why(innerDc.context, intent.offeringId);
        return this.askAgain(innerDc);
      case 'whyTyped':
        await this.cases.why(innerDc.context);
        return this.askAgain(innerDc);
      case 'allResults':
        if (!(await this.eligibility.sendRest(innerDc.context)))
          await innerDc.context.sendActivity(turnTranslator(innerDc.context, this.services.i18n)('eligibility.changeExpired'));
        return this.askAgain(innerDc);
      case 'search':
        if (intent.query) return super.onContinueDialog(innerDc); // an answer, or else a search (AnswerPrompt)
        return innerDc.beginDialog(SearchDialog.id, {});
      // A new check replaces the one in progress only when the caseworker says so.
      case 'eligibility':
      case 'checkClient': {
        const question = innerDc.activeDialog?.id === EligibilityDialog.id ? EligibilityDialog.questionNumber(innerDc) : undefined;
        if (question === undefined) break;
        const asked = 'offeringId' in intent ? { offeringId: intent.offeringId } : 'text' in intent && intent.text ? { text: intent.text } : {};
        const t = turnTranslator(innerDc.context, this.services.i18n);
        const card = replaceCheckCard(turnLanguage(innerDc.context), t, question, asked);
        await innerDc.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        return { status: DialogTurnStatus.waiting };
      }
      case 'endCase':
        await innerDc.cancelAllDialogs();
        await this.cases.endCase(innerDc.context);
        return { status: DialogTurnStatus.complete };
      case 'replaceCheck':
      case 'changeAnswer':
        break;
      default:
        return super.onContinueDialog(innerDc);
    }
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(ROUTE);
  }

  /** After an answer given in the middle of a dialog: its question again, introduced as coming back. */
  private async askAgain(innerDc: DialogContext): Promise<DialogTurnResult> {
    AnswerPrompt.resuming(innerDc.context);
    await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }

  /**
   * The intent, with a check command at the start of a longer message kept as a check only when
   * the rest states a fact of the client ("… a 34-year-old PR in Laval"); otherwise the message
   * is a search, as before ("am I eligible for welfare" shows that offering).
   */
  private read(context: TurnContext): Intent {
    const intent = this.intents.read(context.activity);
    if (intent.kind !== 'checkClient' || !intent.text) return intent;
    return readFacts(intent.text, this.services.kb.facts, this.services.now()).size > 0 ? intent : { kind: 'search', query: intent.text };
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intent: Intent = this.read(step.context);
    const t = turnTranslator(step.context, this.services.i18n);
    switch (intent.kind) {
      case 'greeting':
        await step.context.sendActivity(welcomeActivity(t));
        return step.endDialog();
      case 'restart':
        await this.sendRestart(step.context);
        return step.endDialog();
      case 'help':
        return step.beginDialog(HelpDialog.id);
      case 'language':
        return step.beginDialog(LanguageDialog.id, { lang: intent.lang });
      case 'search':
        if (
          intent.query &&
          audienceOf(step.context) === 'caseworker' &&
          readFacts(intent.query, this.services.kb.facts, this.services.now()).size >= FACTS_FOR_A_CHECK
        ) {
          return step.beginDialog(EligibilityDialog.id, { text: intent.query });
        }
        return step.beginDialog(SearchDialog.id, { query: intent.query });
      case 'details':
        return step.beginDialog(OfferingDetailsDialog.id, { offeringId: intent.offeringId });
      case 'eligibility':
        return step.beginDialog(EligibilityDialog.id, { offeringId: intent.offeringId });
      case 'refer':
        return step.beginDialog(ReferralDialog.id, { offeringId: intent.offeringId });
      case 'checkClient':
        return step.beginDialog(EligibilityDialog.id, intent.text ? { text: intent.text } : {});
      case 'replaceCheck':
        return step.beginDialog(EligibilityDialog.id, {
          ...(intent.offeringId ? { offeringId: intent.offeringId } : {}),
          ...(intent.text ? { text: intent.text } : {}),
        });
      case 'changeAnswer':
        return step.beginDialog(EligibilityDialog.id, { change: intent.fact });
      case 'why':
        await this.cases.why(step.context, intent.offeringId);
        return step.endDialog();
      case 'whyTyped':
        await this.cases.why(step.context);
        return step.endDialog();
      case 'allResults':
        if (!(await this.eligibility.sendRest(step.context))) await step.context.sendActivity(t('eligibility.changeExpired'));
        return step.endDialog();
      case 'endCase':
        await this.cases.endCase(step.context);
        return step.endDialog();
      case 'myReferrals':
        return step.beginDialog(MyReferralsDialog.id, {});
      case 'referralStatus':
        return step.beginDialog(MyReferralsDialog.id, { change: { referralId: intent.referralId, status: intent.status } });
      case 'referralLabel':
        return step.beginDialog(MyReferralsDialog.id, { label: { referralId: intent.referralId, label: intent.label } });
      case 'admin':
        return step.beginDialog(AdminDialog.id, { command: intent.command });
      case 'empty':
        await step.context.sendActivity(t('input.empty'));
        return step.endDialog();
      case 'resume':
        await step.context.sendActivity(MessageFactory.suggestedActions(suggestions(t), t('safety.nothingToResume')));
        return step.endDialog();
    }
  }

  private async finalStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }

  private async sendRestart(context: TurnContext): Promise<void> {
    await this.services.clientTask.delete(context); // restart forgets the client
    const t = turnTranslator(context, this.services.i18n);
    await context.sendActivity(t('restart.done'));
    await context.sendActivity(welcomeActivity(t));
  }
}
