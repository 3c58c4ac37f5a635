import type { FactDefinition } from '../knowledge/fact-schema';
import type { Language } from '../knowledge/vocabulary';
import type { Translate } from '../i18n/translator';
import { adaptiveCard, submitData, text, type AdaptiveCard, type SubmitAction } from './adaptive-card';

/** What an answer button sends back: the fact it answers (so an old card's button is recognized) and the answer. */
export type AnswerActionData = { verb: 'answer'; fact: string } & ({ value: string | boolean } | { special: 'dontKnow' | 'back' });
type ParsedAnswer = { fact: string; value: string | boolean } | { fact: string; special: 'dontKnow' | 'back' };

export interface QuestionView {
  fact: string;
  def: FactDefinition;
  lang: Language;
  audience: 'caseworker' | 'self';
  canGoBack: boolean;
}

const answerButton = (title: string, fact: string, value: string | boolean): SubmitAction => submitData(title, { verb: 'answer', fact, value });
const specialButton = (title: string, fact: string, special: 'dontKnow' | 'back'): SubmitAction => submitData(title, { verb: 'answer', fact, special });

/** One question: its text, its help, a button per closed choice, "I don't know" and "Back". */
export function questionCard(q: QuestionView, t: Translate): AdaptiveCard {
  const question = (q.audience === 'self' ? q.def.selfQuestion : q.def.question)[q.lang];
  const buttons: SubmitAction[] = [];
  if (q.def.type === 'enum') for (const [value, label] of Object.entries(q.def.options)) buttons.push(answerButton(label[q.lang], q.fact, value));
  if (q.def.type === 'boolean') buttons.push(answerButton(t('eligibility.yes'), q.fact, true), answerButton(t('eligibility.no'), q.fact, false));
  const hint = q.def.type === 'date' || q.def.type === 'number' ? [text(t(`eligibility.hint.${q.def.type}`, { example: t(`eligibility.example.${q.def.type}`) }), { isSubtle: true, size: 'Small' as const })] : [];
  const extra = [specialButton(t('eligibility.dontKnow'), q.fact, 'dontKnow'), ...(q.canGoBack ? [specialButton(t('eligibility.back'), q.fact, 'back')] : [])];
  return adaptiveCard(q.lang, [
    text(question, { weight: 'Bolder' }),
    text(q.def.help[q.lang], { isSubtle: true, size: 'Small' }),
    ...hint,
    ...(buttons.length ? [{ type: 'ActionSet' as const, actions: buttons }] : []),
    { type: 'ActionSet', actions: extra },
  ]);
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
