import type { CheckTask } from '../eligibility/check-task';
import { implicationOf } from '../eligibility/check-task';
import type { Translate } from '../i18n/translator';
import type { FactDefinitions } from '../knowledge/fact-schema';
import type { Language } from '../knowledge/vocabulary';
import { submitData, text, type CardElement } from './adaptive-card';
import { answerLabel } from './question-card';

/** One answer of a check as the summary shows it: its label, its value in words, and whether "change" applies. */
export interface SummaryRow {
  fact: string;
  label: string;
  value: string;
  canChange: boolean;
}

/** The answers of a check in the order they were given, implied ones last with their reason. */
export function summaryRows(task: CheckTask, defs: FactDefinitions, lang: Language, t: Translate, now: Date): SummaryRow[] {
  const given = task.history.filter((f) => defs[f] && !task.implied.includes(f));
  const rows = given.map((fact): SummaryRow => ({ fact, label: defs[fact]!.label[lang], value: valueText(task, fact, defs, lang, t), canChange: true }));
  for (const fact of task.implied) {
    const def = defs[fact];
    const because = implicationOf(fact, task.facts, defs, now)?.because[lang];
    if (!def || task.facts[fact] === undefined) continue;
    const value = answerLabel(def, task.facts[fact], lang, t);
    rows.push({ fact, label: def.label[lang], value: because ? t('eligibility.summary.implied', { value, because }) : value, canChange: false });
  }
  return rows;
}

/** A value in words: an option's label, yes/no, a number with its unit, a date or the period it stands for. */
export function valueText(task: CheckTask, fact: string, defs: FactDefinitions, lang: Language, t: Translate): string {
  const def = defs[fact];
  const value = task.facts[fact];
  if (!def) return '';
  if (value === undefined) return t('eligibility.dontKnow');
  const approx = task.approx[fact];
  if (approx) return t('eligibility.approx', { date: value, from: approx.from, to: approx.to });
  if (def.type === 'number' && def.unit) return `${value} ${def.unit[lang]}`;
  return answerLabel(def, value, lang, t);
}

/** The summary as card elements: a title, then one line per answer, each with its own "change" button (one action per set). */
export function summaryElements(rows: readonly SummaryRow[], t: Translate): CardElement[] {
  const lines: CardElement[] = rows.map((r) => ({
    type: 'ColumnSet',
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        verticalContentAlignment: 'Center',
        items: [text(t('eligibility.summary.row', { label: r.label, value: r.value }), { size: 'Small' as const })],
      },
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Center',
        items: r.canChange ? [{ type: 'ActionSet', actions: [submitData(t('eligibility.summary.change'), { verb: 'changeAnswer', fact: r.fact })] }] : [],
      },
    ],
  }));
  return [text(t('eligibility.summary.title'), { weight: 'Bolder' }), ...(lines.length ? lines : [text(t('eligibility.summary.none'), { isSubtle: true })])];
}
