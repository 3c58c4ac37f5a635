import { factDefinition, type FactDefinitions } from './fact-schema';
import type { Problem } from './problems';
import { isCondition, type Condition, type Rule } from './rule-schema';
import { joinWith, validationText } from './validation-messages';
import type { Language } from './vocabulary';

/** The tests each type of fact allows, named as in the rule language. */
const TESTS_BY_TYPE = {
  enum: ['in'],
  boolean: ['is'],
  number: ['min', 'max'],
  date: ['within', 'atLeast'],
} as const;
const ALL_TESTS = ['in', 'is', 'min', 'max', 'within', 'atLeast'] as const;

/** Checks that a rule names only defined facts, with tests and values that fit each fact's type; messages in `lang`. */
export function checkRule(rule: Rule, facts: FactDefinitions, file: string, path: string, lang: Language = 'en'): Problem[] {
  const error = (p: string, message: string): Problem => ({ file, path: p, message, severity: 'error' });
  if ('all' in rule) return rule.all.flatMap((r, i) => checkRule(r, facts, file, `${path}.all.${i}`, lang));
  if ('any' in rule) return rule.any.flatMap((r, i) => checkRule(r, facts, file, `${path}.any.${i}`, lang));
  if ('not' in rule) return checkRule(rule.not, facts, file, `${path}.not`, lang);
  if (!isCondition(rule)) return [];
  return checkCondition(rule, facts, path, lang).map(([p, m]) => error(p, m));
}

function checkCondition(c: Condition, facts: FactDefinitions, path: string, lang: Language): [string, string][] {
  const text = (key: string, params?: Record<string, string | number>) => validationText(lang, key, params);
  const def = factDefinition(facts, c.fact);
  if (!def) return [[`${path}.fact`, text('rule.unknownFact', { fact: c.fact, known: Object.keys(facts).join(', ') })]];
  const allowed: readonly string[] = TESTS_BY_TYPE[def.type];
  const used = ALL_TESTS.filter((t) => c[t] !== undefined);
  const wrong = used.filter((t) => !allowed.includes(t));
  if (wrong.length > 0) {
    return wrong.map((t) => [`${path}.${t}`, text('rule.testDoesNotApply', { test: t, type: def.type, fact: c.fact, allowed: joinWith(lang, 'rule.testSeparator', allowed) })]);
  }
  const problems: [string, string][] = [];
  if (c.at === 'previous-year-end' && def.type !== 'date' && !(def.type === 'number' && def.growsYearly)) {
    problems.push([`${path}.at`, text('rule.referenceDate', { fact: c.fact })]);
  }
  if (def.type === 'enum' && c.in) {
    c.in.forEach((v, i) => {
      if (!Object.hasOwn(def.options, v)) {
        problems.push([`${path}.in.${i}`, text('rule.unknownValue', { value: v, fact: c.fact, allowed: Object.keys(def.options).join(', ') })]);
      }
    });
  }
  if (def.type === 'number') {
    for (const t of ['min', 'max'] as const) {
      const v = c[t];
      if (v !== undefined && (v < def.min || v > def.max)) {
        problems.push([`${path}.${t}`, text('rule.outOfRange', { value: v, fact: c.fact, min: def.min, max: def.max })]);
      }
    }
    if (c.min !== undefined && c.max !== undefined && c.min > c.max) problems.push([`${path}.min`, text('rule.minAboveMax')]);
  }
  return problems;
}

/**
 * Checks what a fact's definition says about other answers: its `words` name its own options
 * (or yes/no), and each implication's rule names defined facts and its value fits the fact.
 */
export function checkFactDefinitions(facts: FactDefinitions, file: string, lang: Language = 'en'): Problem[] {
  const problems: Problem[] = [];
  const error = (path: string, message: string) => problems.push({ file, path, message, severity: 'error' });
  const text = (key: string, params?: Record<string, string | number>) => validationText(lang, key, params);
  for (const [id, def] of Object.entries(facts)) {
    const answers = def.type === 'enum' ? Object.keys(def.options) : def.type === 'boolean' ? ['yes', 'no'] : [];
    for (const key of Object.keys(def.words ?? {})) {
      if (!answers.includes(key)) {
        error(`${id}.words.${key}`, answers.length ? text('facts.unknownAnswer', { answer: key, allowed: answers.join(', ') }) : text('facts.wordsNotApplicable', { type: def.type }));
      }
    }
    def.impliedBy?.forEach((imp, i) => {
      problems.push(...checkRule(imp.when, facts, file, `${id}.impliedBy.${i}.when`, lang));
      const fits =
        def.type === 'enum' ? typeof imp.value === 'string' && Object.hasOwn(def.options, imp.value) : def.type === 'boolean' ? typeof imp.value === 'boolean' : def.type === 'number' && typeof imp.value === 'number';
      if (!fits) error(`${id}.impliedBy.${i}.value`, text('facts.notAnAnswer', { value: JSON.stringify(imp.value), fact: id }));
    });
  }
  return problems;
}
