import type { FactDefinition } from '../knowledge/fact-schema';
import type { Language } from '../knowledge/vocabulary';
import type { Translate } from '../i18n/translator';
import { adaptiveCard, MAX_ACTIONS_PER_SET, submitData, text, type AdaptiveCard, type CardElement, type SubmitAction } from './adaptive-card';

/** What an answer button sends back: the fact it answers (so an old card's button is recognized) and the answer. */
export type AnswerActionData = { verb: 'answer'; fact: string } & ({ value: string | boolean } | { special: 'dontKnow' | 'back' });
type ParsedAnswer = { fact: string; value: string | boolean } | { fact: string; special: 'dontKnow' | 'back' };

export interface QuestionView {
  fact: string;
  def: FactDefinition;
  lang: Language;
  audience: 'caseworker' | 'self';
  canGoBack: boolean;
  /** "Question 3 (about 8 left)", at the top of the card. */
  progress?: string;
  /** Every option as a button, even past a row (after a failed retry on a drop-down). */
  buttons?: boolean;
}

/** Buttons per action set: under Teams' 6, so none is ever cut. */
const BUTTONS_PER_SET = MAX_ACTIONS_PER_SET - 1;

const answerButton = (title: string, fact: string, value: string | boolean): SubmitAction => submitData(title, { verb: 'answer', fact, value });
const specialButton = (title: string, fact: string, special: 'dontKnow' | 'back'): SubmitAction => ({
  ...submitData(title, { verb: 'answer', fact, special }),
  associatedInputs: 'none',
});

/**
 * One question: its progress, its text, its help, its answers, "I don't know" and "Back". Closed
 * answers are one button each, or, past what Teams shows in a row (6: a region has 17), a
 * numbered drop-down list with one Answer button and a line on typing the number or the name;
 * after a failed retry, buttons again, in rows of five.
 */
export function questionCard(q: QuestionView, t: Translate): AdaptiveCard {
  const question = (q.audience === 'self' ? q.def.selfQuestion : q.def.question)[q.lang];
  const answers: CardElement[] = [];
  if (q.def.type === 'enum') {
    const options = Object.entries(q.def.options).map(([value, label]) => ({ title: label[q.lang], value }));
    if (options.length <= MAX_ACTIONS_PER_SET) answers.push({ type: 'ActionSet', actions: options.map((o) => answerButton(o.title, q.fact, o.value)) });
    else if (q.buttons) {
      for (let i = 0; i < options.length; i += BUTTONS_PER_SET) {
        answers.push({ type: 'ActionSet', actions: options.slice(i, i + BUTTONS_PER_SET).map((o) => answerButton(o.title, q.fact, o.value)) });
      }
    } else {
      answers.push(
        text(t('eligibility.hint.enum', { example: options[1]?.title ?? options[0]!.title }), { isSubtle: true, size: 'Small' as const }),
        {
          type: 'Input.ChoiceSet',
          id: 'value',
          label: question,
          style: 'compact',
          isRequired: true,
          errorMessage: t('eligibility.chooseRequired'),
          placeholder: t('eligibility.choose'),
          choices: options.map((o, i) => ({ title: `${i + 1}. ${o.title}`, value: o.value })),
        },
        { type: 'ActionSet', actions: [submitData(t('eligibility.answer'), { verb: 'answer', fact: q.fact })] },
      );
    }
  }
  if (q.def.type === 'boolean')
    answers.push({ type: 'ActionSet', actions: [answerButton(t('eligibility.yes'), q.fact, true), answerButton(t('eligibility.no'), q.fact, false)] });
  const hint =
    q.def.type === 'date' || q.def.type === 'number'
      ? [text(t(`eligibility.hint.${q.def.type}`, { example: t(`eligibility.example.${q.def.type}`) }), { isSubtle: true, size: 'Small' as const })]
      : [];
  const extra = [specialButton(t('eligibility.dontKnow'), q.fact, 'dontKnow'), ...(q.canGoBack ? [specialButton(t('eligibility.back'), q.fact, 'back')] : [])];
  return adaptiveCard(q.lang, [
    ...(q.progress ? [text(q.progress, { isSubtle: true, size: 'Small' as const })] : []),
    text(question, { weight: 'Bolder' }),
    text(q.def.help[q.lang], { isSubtle: true, size: 'Small' }),
    ...hint,
    ...answers,
    { type: 'ActionSet', actions: extra },
  ]);
}

/**
 * The same question once answered, for updating the card in place (Teams, Web Chat): the answer
 * shown, no button left to click twice.
 */
export function answeredQuestionCard(q: Omit<QuestionView, 'canGoBack'>, answer: string, t: Translate): AdaptiveCard {
  const question = (q.audience === 'self' ? q.def.selfQuestion : q.def.question)[q.lang];
  return adaptiveCard(q.lang, [text(question, { weight: 'Bolder' }), text(t('eligibility.answered', { answer }), { isSubtle: true })]);
}

/** The words of an answer as its button showed them. */
export function answerLabel(def: FactDefinition, value: string | boolean | number, lang: Language, t: Translate): string {
  if (def.type === 'enum' && typeof value === 'string') return def.options[value]?.[lang] ?? value;
  if (typeof value === 'boolean') return t(value ? 'eligibility.yes' : 'eligibility.no');
  return String(value);
}

/** The answer a button click carries, or undefined when `value` is not an answer. */
export function parseAnswerAction(data: unknown): ParsedAnswer | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { verb, fact, value, special } = data as Record<string, unknown>;
  if (verb !== 'answer' || typeof fact !== 'string' || fact.length > 100) return undefined;
  if (special === 'dontKnow' || special === 'back') return { fact, special };
  if ((typeof value === 'string' && value.length <= 100) || typeof value === 'boolean') return { fact, value };
  return undefined;
}

/** "A check is in progress: start a new one?" — a new check (the one asked for, carried in the button) or back to the question. */
export function replaceCheckCard(lang: Language, t: Translate, question: number, asked: { offeringId?: string; text?: string }): AdaptiveCard {
  return adaptiveCard(lang, [
    text(t('eligibility.replace.ask', { number: question })),
    {
      type: 'ActionSet',
      actions: [submitData(t('eligibility.replace.new'), { verb: 'replaceCheck', ...asked }), submitData(t('eligibility.replace.keep'), { verb: 'resume' })],
    },
  ]);
}
