import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { audienceOf } from '../src/bot/audience';
import type { DialogServices } from '../src/bot/services';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import { eligibilityResultsCard } from '../src/cards/eligibility-results-card';
import { answeredQuestionCard, answerLabel } from '../src/cards/question-card';
import { assess, type Assessment } from '../src/eligibility/assess';
import type { FactValue } from '../src/eligibility/client-facts';
import { nextQuestion } from '../src/eligibility/next-question';
import type { Translate as ReasonTranslate } from '../src/eligibility/reasons';
import { AnswerPrompt, type Answer, type Question } from './answer-prompt';
import { findOffering } from './find-offering';

/** The check in progress; it lives in the dialog stack, so it ends with the dialog (or a restart). */
interface EligibilityTask {
  /** The offerings to settle: one (a "Check eligibility" button) or all (checking a client). */
  offeringIds: string[];
  facts: Record<string, FactValue>;
  /** Answered "I don't know": never asked again in this check. */
  skipped: string[];
  /** Facts in the order they were answered, for "back". */
  history: string[];
  /** A fact to ask again after "back". */
  reask?: string;
}

/** What the ask step hands to the record step (WaterfallStepContext.values). */
interface LoopValues {
  task: EligibilityTask;
  fact: string;
}

export interface EligibilityOptions {
  /** Check one offering; without it, check the client against every offering. */
  offeringId?: string;
  task?: EligibilityTask;
}

const LOOP = 'eligibilityLoop';
const ANSWER = 'eligibilityAnswer';

/**
 * Asks one question at a time, each chosen to settle the most offerings still undecided
 * (`nextQuestion`), until every target offering is eligible, not eligible, or cannot be settled
 * with what the person knows; then shows the three groups with their reasons. The facts then stay
 * in the conversation only until the referral that may follow (`clientTask`).
 */
export class EligibilityDialog extends ComponentDialog {
  static readonly id = 'eligibility';

  constructor(private readonly services: DialogServices) {
    super(EligibilityDialog.id);
    this.addDialog(new AnswerPrompt(ANSWER, services.i18n));
    this.addDialog(new WaterfallDialog(LOOP, [this.askStep.bind(this), this.recordStep.bind(this)]));
    this.initialDialogId = LOOP;
  }

  private async askStep(step: WaterfallStepContext<EligibilityOptions>): Promise<DialogTurnResult> {
    const { kb } = this.services;
    const t = turnTranslator(step.context, this.services.i18n);
    const lang = turnLanguage(step.context);
    let task = step.options?.task;
    if (!task) {
      const one = step.options?.offeringId;
      const offering = one !== undefined ? await findOffering(step.context, this.services, one) : undefined;
      if (one !== undefined && !offering) return step.endDialog();
      await this.services.clientTask.delete(step.context); // a new check forgets the previous client
      task = { offeringIds: offering ? [offering.id] : kb.offerings.map((o) => o.id), facts: {}, skipped: [], history: [] };
      const self = audienceOf(step.context) === 'self';
      await step.context.sendActivity(
        offering
          ? t(self ? 'eligibility.startOneSelf' : 'eligibility.startOne', { name: offering.name[lang] })
          : t(self ? 'eligibility.startAllSelf' : 'eligibility.startAll'),
      );
    }
    const targets = task.offeringIds.flatMap((id) => kb.get(id) ?? []);
    const fact = task.reask ?? nextQuestion(targets, task.facts, kb.facts, this.services.now(), new Set(task.skipped));
    const def = fact !== undefined ? kb.facts[fact] : undefined;
    if (fact === undefined || !def) return this.finish(step, task);

    Object.assign(step.values, { task: { ...task, reask: undefined }, fact } satisfies LoopValues);
    const question: Question = {
      fact,
      def,
      lang,
      audience: audienceOf(step.context),
      number: task.history.length + 1,
      canGoBack: task.history.length > 0,
      today: this.services.now().toISOString().slice(0, 10),
    };
    return step.prompt(ANSWER, { validations: question });
  }

  private async recordStep(step: WaterfallStepContext<EligibilityOptions>): Promise<DialogTurnResult> {
    const { task, fact } = step.values as LoopValues;
    const answer = step.result as Answer;
    await this.markAnswered(step, fact, answer);
    const next: EligibilityTask = { ...task, facts: { ...task.facts }, skipped: [...task.skipped], history: [...task.history] };
    if (answer.kind === 'back') {
      const previous = next.history.pop();
      if (previous !== undefined) {
        delete next.facts[previous];
        next.skipped = next.skipped.filter((f) => f !== previous);
        next.reask = previous;
      }
    } else {
      if (answer.kind === 'value') next.facts[fact] = answer.value;
      else next.skipped.push(fact);
      next.history.push(fact);
    }
    return step.replaceDialog(LOOP, { task: next });
  }

  /**
   * A question answered by a click is updated in place where the channel allows it (Teams, the web
   * chat): its buttons go away, so an old answer cannot be clicked again. Channels that cannot
   * update a message keep the card; an old card's click is ignored anyway.
   */
  private async markAnswered(step: WaterfallStepContext, fact: string, answer: Answer): Promise<void> {
    const { activity } = step.context;
    const def = this.services.kb.facts[fact];
    if (!def || answer.kind === 'back' || !activity.replyToId || !activity.value) return;
    const t = turnTranslator(step.context, this.services.i18n);
    const lang = turnLanguage(step.context);
    const label = answer.kind === 'value' ? answerLabel(def, answer.value, lang, t) : t('eligibility.dontKnow');
    const card = answeredQuestionCard({ fact, def, lang, audience: audienceOf(step.context) }, label, t);
    try {
      await step.context.updateActivity({ id: activity.replyToId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
    } catch {
      // The channel cannot update messages: the card stays as it was.
    }
  }

  private async finish(step: WaterfallStepContext, task: EligibilityTask): Promise<DialogTurnResult> {
    const { kb, i18n } = this.services;
    const t = turnTranslator(step.context, i18n);
    const lang = turnLanguage(step.context);
    const now = this.services.now();
    const reasonsT = { fr: i18n.getFixedT('fr', 'eligibility') as ReasonTranslate, en: i18n.getFixedT('en', 'eligibility') as ReasonTranslate };
    const results: Assessment[] = task.offeringIds.flatMap((id) => assess(kb, id, task.facts, reasonsT, now) ?? []);
    await this.services.clientTask.set(step.context, { facts: task.facts, updatedAt: now.toISOString() });
    const canRefer = audienceOf(step.context) === 'caseworker';
    const count = (s: Assessment['status']) => results.filter((r) => r.status === s).length;
    const summary = t('eligibility.results.summary', { eligible: count('eligible'), unknown: count('unknown'), ineligible: count('ineligible') });
    await sendCard(step.context, summary, eligibilityResultsCard(kb, results, lang, t, canRefer, task.facts.region));
    return step.endDialog(results);
  }
}

async function sendCard(context: TurnContext, textAbove: string, card: object): Promise<void> {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card), textAbove));
}
