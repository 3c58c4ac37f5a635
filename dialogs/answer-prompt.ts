import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { Prompt, type DialogContext, type DialogReason, type DialogTurnResult, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import type { i18n } from 'i18next';
import { turnLanguage } from '../src/bot/turn-language';
import { MAX_ACTIONS_PER_SET } from '../src/cards/adaptive-card';
import { parseAnswerAction, questionCard } from '../src/cards/question-card';
import { isOneOf, parseDateAnswer } from '../src/eligibility/answers';
import type { FactValue } from '../src/eligibility/client-facts';
import { hintFor, readAnswer, readFacts, type Understood } from '../src/eligibility/understand';
import { listOf, translator } from '../src/i18n/translator';
import { isOption, type FactDefinition, type FactDefinitions } from '../src/knowledge/fact-schema';
import { LANGUAGES, NEED_FACT } from '../src/knowledge/vocabulary';

/**
 * What a person answered: facts (the one asked, and any other the message states: "RP depuis
 * 2023, 34 ans"), "I don't know", or "back" to change the previous answer.
 */
export type Answer = { kind: 'facts'; facts: [string, Understood][] } | { kind: 'dontKnow' } | { kind: 'back' };

/** A readable answer the question cannot take, named for the re-prompt (`eligibility.retry.<why>`). */
type Refused = { refused: 'futureDate' | 'outOfRange' | 'wholeNumber' };

/** The prompt's own state across retries. */
interface PromptState {
  refused?: Refused['refused'];
  /** What the fact's `hints` say about the words typed ("CSQ"). */
  hint?: string;
  /** A message that is no answer but a search: shown, then the question again. */
  detour?: { dialogId: string; options: object };
}

/** The question being asked, carried in `PromptOptions.validations`. */
export interface Question {
  fact: string;
  def: FactDefinition;
  /** Who is asked: a caseworker about a client, or the person themself. */
  audience: 'caseworker' | 'self';
  canGoBack: boolean;
  /** Today, YYYY-MM-DD: an arrival date cannot be later. */
  today: string;
  /** "Question 3 (about 8 left)", inside the card; in the conversation's language at the time. */
  progress: { number: number; left: number };
  /** Facts already known: a message naming them again is not taken as a new answer. */
  known: string[];
  /** Said above the card the first time: what the last message was understood as, or why a date is asked again. */
  intro?: string;
}

const RESUMING = Symbol('passerelle.answerPrompt.resuming');

/**
 * One eligibility question, answered by a button (the same in Teams and Web Chat: object data in
 * `activity.value`) or by typing, in French or English, read by meaning (src/eligibility/understand):
 * an option by any of its names or abbreviations, a number or a date inside a sentence, other
 * facts of the client in the same message, "je ne sais pas", "retour". A message that is a search
 * is shown as one, then the question comes back; anything else is asked again, with every option
 * as a button, in the conversation's language (which may change in between).
 */
export class AnswerPrompt extends Prompt<Answer> {
  constructor(
    dialogId: string,
    private readonly i18n: i18n,
    private readonly facts: () => FactDefinitions,
    /** The dialog to show instead of a retry, for a message that is no answer (a search). */
    private readonly detourFor: (context: TurnContext, text: string) => { dialogId: string; options: object } | undefined,
  ) {
    super(dialogId);
  }

  /** Marks the next prompt of this turn as coming back after a detour ("on reprend"). */
  static resuming(context: TurnContext): void {
    context.turnState.set(RESUMING, true);
  }

  /** Back from a detour begun here (a search): the question again, introduced as such. */
  override async resumeDialog(dc: DialogContext, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    AnswerPrompt.resuming(dc.context);
    return super.resumeDialog(dc, reason, result);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const result = await super.continueDialog(dc);
    const state = (dc.activeDialog?.state as { state?: PromptState } | undefined)?.state;
    const detour = state?.detour;
    if (!detour) return result;
    delete state.detour;
    return dc.beginDialog(detour.dialogId, detour.options);
  }

  protected async onPrompt(context: TurnContext, state: PromptState, options: PromptOptions, isRetry: boolean): Promise<void> {
    if (isRetry && state.detour) return;
    const q = options.validations as Question;
    const lang = turnLanguage(context);
    const t = translator(this.i18n, lang);
    const left = q.progress.left;
    const progress = left > 0 ? t('eligibility.progress', { number: q.progress.number, left }) : t('eligibility.progressLast', { number: q.progress.number });
    const card = questionCard({ ...q, lang, progress, buttons: isRetry }, t);
    const example = t(`eligibility.example.${q.def.type}`);
    const range = q.def.type === 'number' ? { min: q.def.min, max: q.def.max } : {};
    let intro: string | undefined;
    if (isRetry) {
      const why = state.refused ?? (q.def.type === 'enum' && Object.keys(q.def.options).length > MAX_ACTIONS_PER_SET ? 'buttons' : q.def.type);
      intro = [state.hint, t(`eligibility.retry.${why}`, { example, today: q.today, ...range })].filter(Boolean).join('\n\n');
    } else if (context.turnState.get(RESUMING)) intro = t('eligibility.resuming');
    else intro = q.intro;
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card), intro));
  }

  protected async onRecognize(context: TurnContext, state: PromptState, options: PromptOptions): Promise<PromptRecognizerResult<Answer>> {
    const q = options.validations as Question;
    delete state.refused;
    delete state.hint;
    const answer = this.read(context, q, state);
    if (answer && 'refused' in answer) {
      state.refused = answer.refused;
      return { succeeded: false };
    }
    return answer ? { succeeded: true, value: answer } : { succeeded: false };
  }

  private read(context: TurnContext, q: Question, state: PromptState): Answer | Refused | undefined {
    const clicked = parseAnswerAction(context.activity.value);
    if (clicked) {
      if (clicked.fact !== q.fact) return undefined; // a button of an earlier question
      if ('special' in clicked) return clicked.special === 'back' && !q.canGoBack ? undefined : { kind: clicked.special };
      return this.checked(q, [[q.fact, { value: clicked.value }]]);
    }
    const text = typeof context.activity.text === 'string' ? context.activity.text.trim() : '';
    if (!text) return undefined;
    // Both languages' words: a caseworker may type "I don't know" in a French conversation.
    const words = (key: string) => LANGUAGES.flatMap((lang) => listOf(translator(this.i18n, lang), key));
    if (isOneOf(text, words('eligibility.words.dontKnow'))) return { kind: 'dontKnow' };
    if (q.canGoBack && isOneOf(text, words('eligibility.words.back'))) return { kind: 'back' };
    const today = new Date(`${q.today}T12:00:00Z`);
    const direct = readAnswer(text, q.fact, q.def, today, { yes: words('eligibility.words.yes'), no: words('eligibility.words.no') });
    // Other facts of the client in the same message; never one already known (that is "change"), nor the need, which a search also names.
    const others = new Map([...readFacts(text, this.facts(), today)].filter(([f]) => !q.known.includes(f) && f !== NEED_FACT));
    if (direct) others.set(q.fact, direct);
    if (others.size > 0) return this.checked(q, [...others]);
    const hint = hintFor(text, q.def);
    if (hint) state.hint = hint.say[turnLanguage(context)];
    else state.detour = this.detourFor(context, text);
    return undefined;
  }

  /**
   * The facts that fit their definitions. The asked fact's value, when readable but out of its
   * definition (a date after today, a number out of range or not whole), is refused with the
   * reason, to say so in the re-prompt; another fact's such value is left out.
   */
  private checked(q: Question, found: [string, Understood][]): Answer | Refused | undefined {
    const defs = this.facts();
    const kept: [string, Understood][] = [];
    for (const [fact, u] of found) {
      const def = fact === q.fact ? q.def : defs[fact];
      const problem = def ? fits(def, u.value, q.today) : 'invalid';
      if (problem === undefined) kept.push([fact, u]);
      else if (fact === q.fact && problem !== 'invalid') return { refused: problem };
    }
    return kept.length ? { kind: 'facts', facts: kept } : undefined;
  }
}

/** Why a value does not fit a fact's definition, or undefined when it does. */
function fits(def: FactDefinition, value: FactValue, today: string): Refused['refused'] | 'invalid' | undefined {
  if (def.type === 'enum' && !isOption(def, value)) return 'invalid';
  if (def.type === 'boolean' && typeof value !== 'boolean') return 'invalid';
  if (def.type === 'number') {
    if (typeof value !== 'number') return 'invalid';
    if (value < def.min || value > def.max) return 'outOfRange';
    if (def.wholeNumber && !Number.isInteger(value)) return 'wholeNumber';
  }
  if (def.type === 'date') {
    if (!(typeof value === 'string' && parseDateAnswer(value) === value)) return 'invalid';
    if (value > today) return 'futureDate';
  }
  return undefined;
}
