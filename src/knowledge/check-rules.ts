import { factDefinition, type FactDefinitions } from './fact-schema';
import type { Problem } from './problems';
import { isCondition, type Condition, type Rule } from './rule-schema';

/** The tests each type of fact allows, named as in the rule language. */
const TESTS_BY_TYPE = {
  enum: ['in'],
  boolean: ['is'],
  number: ['min', 'max'],
  date: ['within', 'atLeast'],
} as const;
const ALL_TESTS = ['in', 'is', 'min', 'max', 'within', 'atLeast'] as const;

/** Checks that a rule names only defined facts, with tests and values that fit each fact's type. */
export function checkRule(rule: Rule, facts: FactDefinitions, file: string, path: string): Problem[] {
  const error = (p: string, message: string): Problem => ({ file, path: p, message, severity: 'error' });
  if ('all' in rule) return rule.all.flatMap((r, i) => checkRule(r, facts, file, `${path}.all.${i}`));
  if ('any' in rule) return rule.any.flatMap((r, i) => checkRule(r, facts, file, `${path}.any.${i}`));
  if ('not' in rule) return checkRule(rule.not, facts, file, `${path}.not`);
  if (!isCondition(rule)) return [];
  return checkCondition(rule, facts, path).map(([p, m]) => error(p, m));
}

function checkCondition(c: Condition, facts: FactDefinitions, path: string): [string, string][] {
  const def = factDefinition(facts, c.fact);
  if (!def) return [[`${path}.fact`, `unknown fact "${c.fact}" (known: ${Object.keys(facts).join(', ')})`]];
  const allowed: readonly string[] = TESTS_BY_TYPE[def.type];
  const used = ALL_TESTS.filter((t) => c[t] !== undefined);
  const wrong = used.filter((t) => !allowed.includes(t));
  if (wrong.length > 0) {
    return wrong.map((t) => [`${path}.${t}`, `"${t}" does not apply to ${def.type} fact "${c.fact}"; use ${allowed.join(' or ')}`]);
  }
  const problems: [string, string][] = [];
  if (c.at === 'previous-year-end' && def.type !== 'date' && !(def.type === 'number' && def.growsYearly)) {
    problems.push([`${path}.at`, `a reference date applies to a date, or to a number that grows each year (an age); "${c.fact}" is neither`]);
  }
  if (def.type === 'enum' && c.in) {
    c.in.forEach((v, i) => {
      if (!Object.hasOwn(def.options, v)) {
        problems.push([`${path}.in.${i}`, `unknown value "${v}" for fact "${c.fact}" (allowed: ${Object.keys(def.options).join(', ')})`]);
      }
    });
  }
  if (def.type === 'number') {
    for (const t of ['min', 'max'] as const) {
      const v = c[t];
      if (v !== undefined && (v < def.min || v > def.max)) {
        problems.push([`${path}.${t}`, `${v} is outside the range of "${c.fact}" (${def.min} to ${def.max})`]);
      }
    }
    if (c.min !== undefined && c.max !== undefined && c.min > c.max) problems.push([`${path}.min`, 'min is greater than max']);
  }
  return problems;
}

/**
 * Checks what a fact's definition says about other answers: its `words` name its own options
 * (or yes/no), and each implication's rule names defined facts and its value fits the fact.
 */
export function checkFactDefinitions(facts: FactDefinitions, file: string): Problem[] {
  const problems: Problem[] = [];
  const error = (path: string, message: string) => problems.push({ file, path, message, severity: 'error' });
  for (const [id, def] of Object.entries(facts)) {
    const answers = def.type === 'enum' ? Object.keys(def.options) : def.type === 'boolean' ? ['yes', 'no'] : [];
    for (const key of Object.keys(def.words ?? {})) {
      if (!answers.includes(key)) error(`${id}.words.${key}`, answers.length ? `unknown answer "${key}" (allowed: ${answers.join(', ')})` : `words apply to enum and boolean facts, not ${def.type}`);
    }
    def.impliedBy?.forEach((imp, i) => {
      problems.push(...checkRule(imp.when, facts, file, `${id}.impliedBy.${i}.when`));
      const fits =
        def.type === 'enum' ? typeof imp.value === 'string' && Object.hasOwn(def.options, imp.value) : def.type === 'boolean' ? typeof imp.value === 'boolean' : def.type === 'number' && typeof imp.value === 'number';
      if (!fits) error(`${id}.impliedBy.${i}.value`, `${JSON.stringify(imp.value)} is not an answer to "${id}"`);
    });
  }
  return problems;
}
