import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogContext, type DialogReason, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { audienceOf } from '../src/bot/audience';
import type { DialogServices } from '../src/bot/services';
import { freshClientTask } from '../src/bot/state';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import { summaryRows, valueText } from '../src/cards/answers-summary';
import { eligibilityResultsCard } from '../src/cards/eligibility-results-card';
import { answeredQuestionCard, answerLabel } from '../src/cards/question-card';
import { assess, type Assessment } from '../src/eligibility/assess';
import { FIRST_RESULTS, forget, newTask, nextStep, questionsLeft, rankResults, recordAnswers, targetsOf, type CheckTask } from '../src/eligibility/check-task';
import { readFacts, type Understood } from '../src/eligibility/understand';
import { translatorsOf, type Translate } from '../src/i18n/translator';
import { NEED_FACT, type Language } from '../src/knowledge/vocabulary';
import { relevanceOf } from '../src/search/relevance';
import { AnswerPrompt, type Answer, type Question } from './answer-prompt';
import { findOffering } from './find-offering';

/** What the ask step hands to the record step (WaterfallStepContext.values). */
interface LoopValues {
  task: CheckTask;
  fact: string;
}

export interface EligibilityOptions {
  /** Check one offering; without it, check the client against the offerings of their need. */
  offeringId?: string;
  /** The message that asked for the check, read for the client's facts ("… a 34-year-old PR in Laval"). */
  text?: string;
  /** Change one answer of the case kept after the results, and see them again. */
  change?: string;
  task?: CheckTask;
  /** Said above the next question: what the last message was understood as. */
  intro?: string;
}

const LOOP = 'eligibilityLoop';
const ANSWER = 'eligibilityAnswer';
/** The search dialog's id (dialogs/search-dialog.ts), found in the parent's set for a search typed mid-check. */
const SEARCH = 'search';

/**
 * Asks one question at a time (src/eligibility/check-task: the need and region first, then each
 * question chosen to settle the most offerings still undecided) until every target offering is
 * eligible, not eligible, or cannot be settled with what is known; then shows the answers with
 * "change" and the results, ranked, the most relevant first. The check lives in the dialog
 * stack, so a detour (help, details, a search, a safety answer, a language switch) comes back to
 * its question; the facts then stay in the conversation for the case (`clientTask`).
 */
export class EligibilityDialog extends ComponentDialog {
  static readonly id = 'eligibility';

  constructor(private readonly services: DialogServices) {
    super(EligibilityDialog.id);
    this.addDialog(
      new AnswerPrompt(
        ANSWER,
        services.i18n,
        () => services.kb.facts,
        (context, text) => this.searchDetour(context, text),
      ),
    );
    this.addDialog(new WaterfallDialog(LOOP, [this.askStep.bind(this), this.recordStep.bind(this)]));
    this.initialDialogId = LOOP;
  }

  /** Back from a detour: the question again, introduced as such. */
  override async resumeDialog(outerDc: DialogContext, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    AnswerPrompt.resuming(outerDc.context);
    return super.resumeDialog(outerDc, reason, result);
  }

  /** The question being asked now, for "a check is in progress (question 3)". */
  static questionNumber(dc: DialogContext): number | undefined {
    const stack = (dc.activeDialog?.state as { dialogs?: { dialogStack?: { state?: { values?: Partial<LoopValues> } }[] } } | undefined)?.dialogs?.dialogStack;
    const task = stack?.[0]?.state?.values?.task;
    return task ? task.asked + 1 : undefined;
  }

  private async askStep(step: WaterfallStepContext<EligibilityOptions>): Promise<DialogTurnResult> {
    const { kb } = this.services;
    const now = this.services.now();
    const t = turnTranslator(step.context, this.services.i18n);
    const lang = turnLanguage(step.context);
    let task = step.options?.task;
    let intro = step.options?.intro;
    if (!task) {
      const started = await this.start(step);
      if (!started) return step.endDialog();
      ({ task, intro } = started);
    }
    const { task: current, step: next } = nextStep(kb, task, now);
    if ('done' in next) return this.finish(step, current);
    const fact = next.ask;
    const def = kb.facts[fact]!;
    if (next.why === 'precise') {
      const period = valueText(current, fact, kb.facts, lang, t);
      intro = [intro, t('eligibility.precise', { period })].filter(Boolean).join('\n\n');
    }
    Object.assign(step.values, { task: current, fact } satisfies LoopValues);
    const question: Question = {
      fact,
      def,
      audience: audienceOf(step.context),
      canGoBack: current.history.length > 0,
      known: Object.keys(current.facts),
      today: now.toISOString().slice(0, 10),
      progress: { number: current.asked + 1, left: Math.max(0, questionsLeft(kb, current, now, fact) - 1) },
      ...(intro ? { intro } : {}),
    };
    return step.prompt(ANSWER, { validations: question });
  }

  /** A new check (with the facts its message states), or a change to the case kept; undefined when there is none to change. */
  private async start(step: WaterfallStepContext<EligibilityOptions>): Promise<{ task: CheckTask; intro?: string } | undefined> {
    const { kb } = this.services;
    const now = this.services.now();
    const t = turnTranslator(step.context, this.services.i18n);
    const lang = turnLanguage(step.context);
    const change = step.options?.change;
    if (change !== undefined) {
      const kept = await freshClientTask(this.services.clientTask, step.context, now);
      if (!kept?.check || !kb.facts[change]) {
        await step.context.sendActivity(t('eligibility.changeExpired'));
        return undefined;
      }
      return { task: forget(kept.check, change, kb.facts, now) };
    }
    const one = step.options?.offeringId;
    const offering = one !== undefined ? await findOffering(step.context, this.services, one) : undefined;
    if (one !== undefined && !offering) return undefined;
    await this.services.clientTask.delete(step.context); // a new check forgets the previous client
    const self = audienceOf(step.context) === 'self';
    await step.context.sendActivity(
      offering
        ? t(self ? 'eligibility.startOneSelf' : 'eligibility.startOne', { name: offering.name[lang] })
        : t(self ? 'eligibility.startAllSelf' : 'eligibility.startAll'),
    );
    let task = newTask(offering?.id);
    const found = step.options?.text ? readFacts(step.options.text, kb.facts, now) : new Map<string, Understood>();
    if (found.size === 0) return { task };
    task = recordAnswers(task, found, kb.facts, now);
    return { task, intro: this.understood(task, [...found.keys()], lang, t) };
  }

  private async recordStep(step: WaterfallStepContext<EligibilityOptions>): Promise<DialogTurnResult> {
    const { kb } = this.services;
    const now = this.services.now();
    const { task, fact } = step.values as LoopValues;
    const answer = step.result as Answer;
    await this.markAnswered(step, fact, answer);
    if (answer.kind === 'back') {
      const previous = task.history[task.history.length - 1];
      const back = previous !== undefined ? forget(task, previous, kb.facts, now) : task;
      return step.replaceDialog(LOOP, { task: { ...back, asked: Math.max(0, task.asked - 1) } });
    }
    if (answer.kind === 'dontKnow') {
      const next = { ...task, skipped: [...task.skipped, fact], history: [...task.history.filter((f) => f !== fact), fact], asked: task.asked + 1 };
      return step.replaceDialog(LOOP, { task: next });
    }
    const next = { ...recordAnswers(task, new Map(answer.facts), kb.facts, now), asked: task.asked + 1 };
    // Say what was understood when it was more than the answer asked for, or only approximate.
    const said = answer.facts.map(([f]) => f);
    const plain = said.length === 1 && said[0] === fact && !next.approx[fact];
    const intro = plain ? undefined : this.understood(next, said, turnLanguage(step.context), turnTranslator(step.context, this.services.i18n));
    return step.replaceDialog(LOOP, { task: next, ...(intro ? { intro } : {}) });
  }

  /** "Understood: status: permanent resident; region: Laval; age: 34 years." */
  private understood(task: CheckTask, facts: readonly string[], lang: Language, t: Translate): string {
    const defs = this.services.kb.facts;
    const parts = facts
      .filter((f) => defs[f])
      .map((f) => t('eligibility.summary.row', { label: defs[f]!.label[lang], value: valueText(task, f, defs, lang, t) }));
    return t('eligibility.understood', { facts: parts.join(' ; ') });
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
    const value = answer.kind === 'facts' ? answer.facts.find(([f]) => f === fact)?.[1].value : undefined;
    const label = value !== undefined ? answerLabel(def, value, lang, t) : t('eligibility.dontKnow');
    const card = answeredQuestionCard({ fact, def, lang, audience: audienceOf(step.context) }, label, t);
    try {
      await step.context.updateActivity({ id: activity.replyToId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
    } catch {
      // The channel cannot update messages: the card stays as it was.
    }
  }

  private async finish(step: WaterfallStepContext, task: CheckTask): Promise<DialogTurnResult> {
    const { kb } = this.services;
    const t = turnTranslator(step.context, this.services.i18n);
    const now = this.services.now();
    const results = rankResults(kb, this.assessments(task), task);
    await this.services.clientTask.set(step.context, { facts: task.facts, check: task, results: results.map((r) => r.id), updatedAt: now.toISOString() });
    const count = (s: Assessment['status']) => results.filter((r) => r.status === s).length;
    const summary = t('eligibility.results.summary', { eligible: count('eligible'), unknown: count('unknown'), ineligible: count('ineligible') });
    const first = firstCount(results);
    await sendCard(step.context, summary, this.resultsCard(step.context, task, results.slice(0, first), { summary: true, more: results.length - first }));
    return step.endDialog(results);
  }

  /** The kept case's results after the first ones ("see all"), or undefined when no case is kept. */
  async sendRest(context: TurnContext): Promise<boolean> {
    const kept = await freshClientTask(this.services.clientTask, context, this.services.now());
    if (!kept?.check) return false;
    const t = turnTranslator(context, this.services.i18n);
    const results = rankResults(this.services.kb, this.assessments(kept.check), kept.check);
    const rest = results.slice(firstCount(results));
    if (rest.length === 0) await context.sendActivity(t('eligibility.results.noRest'));
    // In cards of a few results each: one card of forty would pass Teams' message size limit.
    for (let i = 0; i < rest.length; i += FIRST_RESULTS.page) {
      const text = i === 0 ? t('eligibility.results.rest', { n: rest.length }) : '';
      await sendCard(context, text, this.resultsCard(context, kept.check, rest.slice(i, i + FIRST_RESULTS.page), { summary: false, more: 0 }));
    }
    return true;
  }

  private assessments(task: CheckTask): Assessment[] {
    const { kb, i18n } = this.services;
    const reasonsT = translatorsOf(i18n, 'eligibility');
    return targetsOf(kb, task).flatMap((o) => assess(kb, o.id, task.facts, reasonsT, this.services.now()) ?? []);
  }

  private resultsCard(context: TurnContext, task: CheckTask, results: readonly Assessment[], part: { summary: boolean; more: number }) {
    const { kb } = this.services;
    const t = turnTranslator(context, this.services.i18n);
    const lang = turnLanguage(context);
    const need = task.facts[NEED_FACT];
    const needDef = kb.facts[NEED_FACT];
    const heading =
      !task.one && typeof need === 'string' && needDef ? t('eligibility.results.forNeed', { need: answerLabel(needDef, need, lang, t) }) : undefined;
    return eligibilityResultsCard(kb, results, lang, t, {
      canRefer: audienceOf(context) === 'caseworker',
      region: task.facts.region,
      ...(part.summary ? { summary: summaryRows(task, kb.facts, lang, t, this.services.now()) } : {}),
      ...(heading && part.summary ? { heading } : {}),
      more: part.more,
    });
  }

  /** A message typed instead of an answer that the search is sure about: shown as a search, then the question again. */
  private searchDetour(context: TurnContext, text: string): { dialogId: string; options: object } | undefined {
    const hits = this.services.index.search(text, { lang: turnLanguage(context), limit: 5 });
    return relevanceOf(hits) === 'strong' ? { dialogId: SEARCH, options: { query: text } } : undefined;
  }
}

/** The eligible and to-check results come first, 3 to 7 of them; the rest behind "see all". */
function firstCount(results: readonly Assessment[]): number {
  const open = results.filter((r) => r.status !== 'ineligible').length;
  return Math.min(results.length, Math.max(FIRST_RESULTS.min, Math.min(FIRST_RESULTS.max, open)));
}

async function sendCard(context: TurnContext, textAbove: string, card: object): Promise<void> {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card), textAbove));
}
