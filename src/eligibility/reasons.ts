import { factDefinition, type FactDefinition, type FactDefinitions } from '../knowledge/fact-schema';
import type { Duration } from '../knowledge/rule-schema';
import type { Language } from '../knowledge/vocabulary';
import { elapsedSince, utcDay } from './elapsed';
import type { Basis, ConditionResult, Outcome } from './evaluate';

import type { Translate } from '../i18n/translator';

/** Reasons are written with i18next's fixed `t` of the `eligibility` namespace. */
export type { Translate };

/**
 * One plain sentence per reason, from the fact definitions and locales/<lang>/eligibility.json:
 * what qualifies ("Résident·e permanent·e", "Faible revenu du ménage"), what fails and what the
 * service asks ("34 ans : il faut au plus 17 ans"), what is still to know ("Âge : à préciser"), or a
 * caveat of the sources in its own words.
 */
export function basisText(b: Basis, defs: FactDefinitions, lang: Language, t: Translate, now: Date): string {
  switch (b.kind) {
    case 'condition': {
      const text = reasonText(b.result, defs, lang, t, now);
      return b.alternative ? t('alternative', { reason: text }) : text;
    }
    case 'verify':
      return b.reason[lang];
    case 'open':
      return t('open');
    case 'noCriteria':
      return t('noCriteria');
  }
}

/** How a condition counts for the client: under `not`, a condition met counts against. */
export const effectOf = (r: ConditionResult): Outcome => (!r.negated || r.outcome === 'unknown' ? r.outcome : r.outcome === 'met' ? 'unmet' : 'met');

export function reasonText(r: ConditionResult, defs: FactDefinitions, lang: Language, t: Translate, now: Date): string {
  const def = factDefinition(defs, r.condition.fact);
  const effect = effectOf(r);
  if (r.value === undefined || !def) return t('known.unknown', { label: def ? def.label[lang] : r.condition.fact });
  const known = knownPart(r, def, lang, t, now);
  const requirement = requirementPart(r, def, lang, t);
  // Known, yet undecided: an age today, where the service counts it on 31 December last year.
  if (effect === 'unknown') return t('undecided', { known, requirement });
  if (effect === 'unmet') return t('reason', { known, requirement });
  // What qualifies: the situation itself; for a number or a date, with what the service asks.
  return def.type === 'number' || def.type === 'date' ? t('qualifies', { known, requirement }) : known;
}

const upperFirst = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase() + s.slice(1);

function knownPart(r: ConditionResult, def: FactDefinition, lang: Language, t: Translate, now: Date): string {
  switch (def.type) {
    case 'enum':
      return def.options[String(r.value)]?.[lang] ?? String(r.value);
    case 'boolean': {
      const phrase = r.value ? def.yes : def.no;
      return phrase ? phrase[lang] : t('known.value', { label: def.label[lang], value: t(r.value ? 'yes' : 'no') });
    }
    case 'number':
      return upperFirst(`${String(r.value)}${def.unit ? ` ${def.unit[lang]}` : ''}`);
    case 'date': {
      const { years, months } = elapsedSince(String(r.value), utcDay(now));
      return upperFirst(
        t('known.elapsed', {
          label: def.pastLabel?.[lang] ?? lowerFirst(def.label[lang]),
          elapsed: years >= 1 ? duration({ years }, t) : months >= 1 ? duration({ months }, t) : t('lessThanAMonth'),
        }),
      );
    }
  }
}

function requirementPart(r: ConditionResult, def: FactDefinition, lang: Language, t: Translate): string {
  const c = r.condition;
  const atYearEnd = (text: string) => (c.at === 'previous-year-end' ? t('requires.atYearEnd', { requirement: text }) : text);
  if (c.in && def.type === 'enum') {
    const list = alternatives(lang).format(c.in.map((v) => t('quoted', { text: def.options[v]?.[lang] ?? v })));
    return t(r.negated ? 'requires.notIn' : 'requires.in', { list });
  }
  if (c.is !== undefined) {
    const wanted = c.is !== r.negated;
    const phrase = def.type === 'boolean' ? (wanted ? def.yes : def.no) : undefined;
    return phrase ? t('requires.situation', { situation: lowerFirst(phrase[lang]) }) : t('requires.is', { expected: t(wanted ? 'yes' : 'no') });
  }
  if (c.within || c.atLeast) {
    const parts: string[] = [];
    if (c.within) parts.push(c.within.years ? t('requires.withinYears', { count: c.within.years }) : t('requires.within', { duration: duration(c.within, t) }));
    if (c.atLeast) parts.push(t('requires.atLeast', { duration: duration(c.atLeast, t) }));
    return atYearEnd(r.negated ? t('requires.not', { requirement: parts.join(t('and')) }) : parts.join(t('and')));
  }
  // A number: `not` turns "at least 18" into "at most 17", and a range into its outside.
  const unit = def.type === 'number' && def.unit ? def.unit[lang] : '';
  let { min, max } = c;
  if (r.negated) {
    if (min !== undefined && max !== undefined) return atYearEnd(t('requires.outside', { min, max, unit }));
    [min, max] = [max !== undefined ? max + 1 : undefined, min !== undefined ? min - 1 : undefined];
  }
  if (min !== undefined && max !== undefined) return atYearEnd(t('requires.between', { min, max, unit }));
  if (min !== undefined) return atYearEnd(t('requires.min', { min, unit }));
  return atYearEnd(t('requires.max', { max, unit }));
}

/** "« A », « B » ou « C »" / "“A”, “B”, or “C”": one formatter per language, made once (they are costly to build). */
const disjunctions = new Map<Language, Intl.ListFormat>();
function alternatives(lang: Language): Intl.ListFormat {
  let f = disjunctions.get(lang);
  if (!f) disjunctions.set(lang, (f = new Intl.ListFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { type: 'disjunction' })));
  return f;
}

function duration(d: Duration, t: Translate): string {
  const parts: string[] = [];
  if (d.years) parts.push(t('duration.years', { count: d.years }));
  if (d.months) parts.push(t('duration.months', { count: d.months }));
  if (d.days) parts.push(t('duration.days', { count: d.days }));
  return parts.join(t('and'));
}
