import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import type { i18n } from 'i18next';
import { isOneOf, matchOption, parseDateAnswer, parseNumberAnswer } from '../src/eligibility/answers';
import type { FactValue } from '../src/eligibility/client-facts';
import { parseAnswerAction, questionCard } from '../src/cards/question-card';
import { listOf, translator } from '../src/i18n/translator';
import { isOption, type FactDefinition } from '../src/knowledge/fact-schema';
import { LANGUAGES, type Language } from '../src/knowledge/vocabulary';

/** What a person answered: a value, "I don't know", or "back" to change the previous answer. */
export type Answer = { kind: 'value'; value: FactValue } | { kind: 'dontKnow' } | { kind: 'back' };

/** A readable answer the question cannot take, named for the re-prompt (`eligibility.retry.<why>`). */
type Refused = { refused: 'futureDate' | 'outOfRange' | 'wholeNumber' };

/** The prompt's own state across retries: why the last answer was refused. */
interface PromptState {
  refused?: Refused['refused'];
}

/** The question being asked, carried in `PromptOptions.validations`. */
export interface Question {
  fact: string;
  def: FactDefinition;
  lang: Language;
  /** Who is asked: a caseworker about a client, or the person themself. */
  audience: 'caseworker' | 'self';
  number: number;
  canGoBack: boolean;
  /** Today, YYYY-MM-DD: an arrival date cannot be later. */
  today: string;
}

/**
 * One eligibility question, answered by a button (the same in Teams and Web Chat: object data in
 * `activity.value`) or by typing, in French or English: an option's label or number, oui/non,
 * a number ("34 ans"), a date ("1er mai 2023", "May 1 2023", "2023-05-01"), "je ne sais pas",
 * "retour". Anything else is asked again with an example, in the conversation's language.
 */
export class AnswerPrompt extends Prompt<Answer> {
  constructor(
    dialogId: string,
    private readonly i18n: i18n,
  ) {
    super(dialogId);
  }

  protected async onPrompt(context: TurnContext, state: PromptState, options: PromptOptions, isRetry: boolean): Promise<void> {
    const q = options.validations as Question;
    const t = translator(this.i18n, q.lang);
    const card = questionCard(q, t);
    const example = t(`eligibility.example.${q.def.type}`);
    const range = q.def.type === 'number' ? { min: q.def.min, max: q.def.max } : {};
    const intro = isRetry
      ? t(`eligibility.retry.${state.refused ?? q.def.type}`, { example, today: q.today, ...range })
      : t('eligibility.questionNumber', { number: q.number });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card), intro));
  }

  protected async onRecognize(context: TurnContext, state: PromptState, options: PromptOptions): Promise<PromptRecognizerResult<Answer>> {
    const q = options.validations as Question;
    const answer = this.read(context, q);
    if (answer && 'refused' in answer) {
      state.refused = answer.refused;
      return { succeeded: false };
    }
    delete state.refused;
    return answer ? { succeeded: true, value: answer } : { succeeded: false };
  }

  private read(context: TurnContext, q: Question): Answer | Refused | undefined {
    const clicked = parseAnswerAction(context.activity.value);
    if (clicked) {
      if (clicked.fact !== q.fact) return undefined; // a button of an earlier question
      if ('special' in clicked) return clicked.special === 'back' && !q.canGoBack ? undefined : { kind: clicked.special };
      return this.checked(q, clicked.value);
    }
    const text = typeof context.activity.text === 'string' ? context.activity.text.trim() : '';
    if (!text) return undefined;
    // Both languages' words: a caseworker may type "I don't know" in a French conversation.
    const words = (key: string) => LANGUAGES.flatMap((lang) => listOf(translator(this.i18n, lang), key));
    if (isOneOf(text, words('eligibility.words.dontKnow'))) return { kind: 'dontKnow' };
    if (q.canGoBack && isOneOf(text, words('eligibility.words.back'))) return { kind: 'back' };
    switch (q.def.type) {
      case 'enum':
        return this.checked(
          q,
          matchOption(
            text,
            Object.entries(q.def.options).map(([value, label]) => ({ value, labels: [label.fr, label.en] })),
          ),
        );
      case 'boolean':
        if (isOneOf(text, words('eligibility.words.yes'))) return { kind: 'value', value: true };
        if (isOneOf(text, words('eligibility.words.no'))) return { kind: 'value', value: false };
        return undefined;
      case 'number':
        return this.checked(q, parseNumberAnswer(text));
      case 'date':
        return this.checked(q, parseDateAnswer(text));
    }
  }

  /**
   * A value that fits the fact's definition; why a readable one does not (a date after today, a
   * number out of range or not whole), to say so in the re-prompt; or undefined.
   */
  private checked(q: Question, value: FactValue | undefined): Answer | Refused | undefined {
    if (value === undefined) return undefined;
    const def = q.def;
    if (def.type === 'enum' && !isOption(def, value)) return undefined;
    if (def.type === 'boolean' && typeof value !== 'boolean') return undefined;
    if (def.type === 'number') {
      if (typeof value !== 'number') return undefined;
      if (value < def.min || value > def.max) return { refused: 'outOfRange' };
      if (def.wholeNumber && !Number.isInteger(value)) return { refused: 'wholeNumber' };
    }
    if (def.type === 'date') {
      if (!(typeof value === 'string' && parseDateAnswer(value) === value)) return undefined;
      if (value > q.today) return { refused: 'futureDate' };
    }
    return { kind: 'value', value };
  }
}
