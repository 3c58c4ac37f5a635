import type { FactDefinitions } from '../knowledge/fact-schema';
import type { Duration } from '../knowledge/rule-schema';
import type { Language } from '../knowledge/vocabulary';
import { elapsedSince, utcDay } from './elapsed';
import type { ConditionResult } from './evaluate';

import type { Translate } from '../i18n/translator';

/** Reasons are written with i18next's fixed `t` of the `eligibility` namespace. */
export type { Translate };

/**
 * One sentence per condition, from the fact definitions and locales/<lang>/eligibility.json:
 * what is known of the client, then what the offering asks, e.g.
 * "arrivé·e il y a 7 ans : le service vise les 5 premières années".
 */
export function reasonText(r: ConditionResult, defs: FactDefinitions, lang: Language, t: Translate, now: Date): string {
  return t('reason', { known: knownPart(r, defs, lang, t, now), requirement: requirementPart(r, defs, lang, t) });
}

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase() + s.slice(1);

function knownPart(r: ConditionResult, defs: FactDefinitions, lang: Language, t: Translate, now: Date): string {
  const def = defs[r.condition.fact];
  const label = def ? lowerFirst(def.label[lang]) : r.condition.fact;
  if (r.value === undefined || !def) return t('known.unknown', { label });
  switch (def.type) {
    case 'enum':
      return t('known.value', { label, value: def.options[String(r.value)]?.[lang] ?? String(r.value) });
    case 'boolean':
      return t('known.value', { label, value: t(r.value ? 'yes' : 'no') });
    case 'number':
      return t('known.value', { label, value: `${r.value}${def.unit ? ` ${def.unit[lang]}` : ''}` });
    case 'date': {
      const { years, months } = elapsedSince(String(r.value), utcDay(now));
      return t('known.elapsed', {
        label: def.pastLabel?.[lang] ?? label,
        elapsed: years >= 1 ? duration({ years }, t) : months >= 1 ? duration({ months }, t) : t('lessThanAMonth'),
      });
    }
  }
}

function requirementPart(r: ConditionResult, defs: FactDefinitions, lang: Language, t: Translate): string {
  const c = r.condition;
  const def = defs[c.fact];
  const unit = def?.type === 'number' && def.unit ? def.unit[lang] : '';
  if (c.in && def?.type === 'enum') {
    const list = c.in.map((v) => def.options[v]?.[lang] ?? v).join(t('or'));
    return t(r.negated ? 'requires.notIn' : 'requires.in', { list });
  }
  if (c.is !== undefined) return t('requires.is', { expected: t(c.is !== r.negated ? 'yes' : 'no') });
  if (c.within || c.atLeast) {
    const parts: string[] = [];
    if (c.within) parts.push(c.within.years ? t('requires.withinYears', { count: c.within.years }) : t('requires.within', { duration: duration(c.within, t) }));
    if (c.atLeast) parts.push(t('requires.atLeast', { duration: duration(c.atLeast, t) }));
    return r.negated ? t('requires.not', { requirement: parts.join(t('and')) }) : parts.join(t('and'));
  }
  // A number: `not` turns "at least 18" into "at most 17", and a range into its outside.
  let { min, max } = c;
  if (r.negated) {
    if (min !== undefined && max !== undefined) return t('requires.outside', { min, max, unit });
    [min, max] = [max !== undefined ? max + 1 : undefined, min !== undefined ? min - 1 : undefined];
  }
  if (min !== undefined && max !== undefined) return t('requires.between', { min, max, unit });
  if (min !== undefined) return t('requires.min', { min, unit });
  return t('requires.max', { max, unit });
}

function duration(d: Duration, t: Translate): string {
  const parts: string[] = [];
  if (d.years) parts.push(t('duration.years', { count: d.years }));
  if (d.months) parts.push(t('duration.months', { count: d.months }));
  if (d.days) parts.push(t('duration.days', { count: d.days }));
  return parts.join(t('and'));
}
