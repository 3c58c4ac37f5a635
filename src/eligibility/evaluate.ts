import type { FactDefinitions } from '../knowledge/fact-schema';
import { isCondition, type Condition, type Rule } from '../knowledge/rule-schema';
import type { ClientFacts, FactValue } from './client-facts';
import { parseIsoDate } from './client-facts';
import { addDuration, utcDay } from './elapsed';

export type Outcome = 'met' | 'unmet' | 'unknown';
export type Status = 'eligible' | 'ineligible' | 'unknown';

/** One condition of a rule, tested against the facts. */
export interface ConditionResult {
  condition: Condition;
  outcome: Outcome;
  /** The client's value, when known. */
  value?: FactValue;
  /** True when the condition sits under an odd number of `not`s: it must fail for the rule to pass. */
  negated: boolean;
}

export interface Evaluation {
  status: Status;
  /** Every condition the rule tested, in rule order. */
  conditions: ConditionResult[];
  /** Facts whose value would change an unknown status, in rule order, without repeats. */
  missing: string[];
}

/**
 * Evaluates a rule in three-valued logic: a condition on an unknown fact is unknown, `all` fails
 * as soon as one part fails, `any` passes as soon as one part passes, and only what cannot be
 * decided stays unknown. No rule means open to everyone.
 */
export function evaluateRule(rule: Rule | undefined, facts: ClientFacts, defs: FactDefinitions, now: Date): Evaluation {
  if (!rule) return { status: 'eligible', conditions: [], missing: [] };
  const conditions: ConditionResult[] = [];
  const outcome = walk(rule, facts, defs, utcDay(now), conditions, false);
  const status: Status = outcome === 'met' ? 'eligible' : outcome === 'unmet' ? 'ineligible' : 'unknown';
  const missing = status === 'unknown' ? [...new Set(conditions.filter((c) => c.outcome === 'unknown').map((c) => c.condition.fact))] : [];
  return { status, conditions, missing };
}

function walk(rule: Rule, facts: ClientFacts, defs: FactDefinitions, today: Date, out: ConditionResult[], negated: boolean): Outcome {
  if ('all' in rule)
    return combine(
      rule.all.map((r) => walk(r, facts, defs, today, out, negated)),
      'all',
    );
  if ('any' in rule)
    return combine(
      rule.any.map((r) => walk(r, facts, defs, today, out, negated)),
      'any',
    );
  if ('not' in rule) {
    const o = walk(rule.not, facts, defs, today, out, !negated);
    return o === 'met' ? 'unmet' : o === 'unmet' ? 'met' : 'unknown';
  }
  if (!isCondition(rule)) return 'unknown';
  const value = facts[rule.fact];
  const outcome = value === undefined ? 'unknown' : test(rule, value, defs, today);
  out.push({ condition: rule, outcome, value, negated });
  return outcome;
}

function combine(parts: Outcome[], op: 'all' | 'any'): Outcome {
  const decisive = op === 'all' ? 'unmet' : 'met';
  if (parts.includes(decisive)) return decisive;
  if (parts.includes('unknown')) return 'unknown';
  return op === 'all' ? 'met' : 'unmet';
}

function test(c: Condition, value: FactValue, defs: FactDefinitions, today: Date): Outcome {
  const type = defs[c.fact]?.type;
  let ok: boolean;
  if (c.in) ok = c.in.includes(String(value));
  else if (c.is !== undefined) ok = value === c.is;
  else if (type === 'date') {
    const date = parseIsoDate(String(value));
    if (!date) return 'unknown';
    ok = (!c.within || addDuration(date, c.within) >= today) && (!c.atLeast || addDuration(date, c.atLeast) <= today);
  } else {
    const n = Number(value);
    ok = (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max);
  }
  return ok ? 'met' : 'unmet';
}

/**
 * The facts that justify an eligible answer: those of the conditions that held (or, under `not`,
 * that failed as required). A referral keeps these and nothing else about the client.
 */
export function justifyingFacts(rule: Rule | undefined, facts: ClientFacts, defs: FactDefinitions, now: Date): Record<string, FactValue> {
  const out: Record<string, FactValue> = {};
  for (const c of evaluateRule(rule, facts, defs, now).conditions) {
    const counts = c.negated ? c.outcome === 'unmet' : c.outcome === 'met';
    if (counts && c.value !== undefined) out[c.condition.fact] = c.value;
  }
  return out;
}
