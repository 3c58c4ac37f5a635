import { factDefinition, type FactDefinitions } from '../knowledge/fact-schema';
import type { LoadedOffering } from '../knowledge/offering-schema';
import type { Condition, Rule } from '../knowledge/rule-schema';
import type { Localized } from '../knowledge/localized';
import { regionalContact } from '../knowledge/regional-contact';
import type { ClientFacts, FactValue } from './client-facts';
import { parseIsoDate } from './client-facts';
import { addDuration, referenceDay, utcDay } from './elapsed';

export type Outcome = 'met' | 'unmet' | 'unknown';
/** `unknown` is "to check": the sources, or what is known of the client, leave it open. */
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

/** A reason for a status: a condition, a caveat of the sources, or what the offering's openness says. */
export type Basis =
  | { kind: 'condition'; result: ConditionResult; alternative?: boolean }
  | { kind: 'verify'; reason: Localized; facts: string[]; outcome: Outcome }
  | { kind: 'open' }
  | { kind: 'noCriteria' };

export interface Evaluation {
  status: Status;
  /** Every condition tested, in rule order (what `justifyingFacts` and next questions read). */
  conditions: ConditionResult[];
  /** Only what decides the status: the branch that was met, the conditions that failed, or what is missing or unsure. */
  decisive: Basis[];
  /** Facts whose answer can change an unknown status, in rule order, without repeats. */
  missing: string[];
}

/** A node of an evaluated rule: its outcome, and its parts. */
type Node =
  | { kind: 'condition'; outcome: Outcome; result: ConditionResult }
  | { kind: 'all' | 'any'; outcome: Outcome; parts: Node[] }
  | { kind: 'not'; outcome: Outcome; part: Node };

const flip = (o: Outcome): Outcome => (o === 'met' ? 'unmet' : o === 'unmet' ? 'met' : 'unknown');
const toStatus = (o: Outcome): Status => (o === 'met' ? 'eligible' : o === 'unmet' ? 'ineligible' : 'unknown');

/**
 * Evaluates a rule in three-valued logic: a condition on an unknown fact is unknown, `all` fails
 * as soon as one part fails, `any` passes as soon as one part passes, and only what cannot be
 * decided stays unknown. Without a rule there is nothing to decide: unknown.
 */
export function evaluateRule(rule: Rule | undefined, facts: ClientFacts, defs: FactDefinitions, now: Date): Evaluation {
  if (!rule) return { status: 'unknown', conditions: [], decisive: [{ kind: 'noCriteria' }], missing: [] };
  const conditions: ConditionResult[] = [];
  const root = walk(rule, facts, defs, utcDay(now), conditions, false);
  const status = toStatus(root.outcome);
  const picked = pick(root, root.outcome);
  const decisive = (root.outcome === 'unmet' ? mergeFailures(picked) : picked).map(({ result, alternative }): Basis => ({
    kind: 'condition',
    result,
    ...(alternative ? { alternative } : {}),
  }));
  // Only facts not known yet can be asked: an age known today but not on 31 December last year stays open.
  const missing =
    status === 'unknown'
      ? unique(
          pick(root, 'unknown')
            .filter((p) => p.result.value === undefined)
            .map((p) => p.result.condition.fact),
        )
      : [];
  return { status, conditions, decisive, missing };
}

/**
 * An offering's eligibility for a client: its rules, with its regions as a condition on the
 * client's region; "eligible" only when the sourced criteria are met and no caveat of the sources
 * (`verify`) applies or may apply; an offering without criteria is "to check" unless it is open
 * to everyone by its source.
 */
export function evaluateOffering(offering: LoadedOffering, facts: ClientFacts, defs: FactDefinitions, now: Date): Evaluation {
  const { rules, open, verify } = offering.eligibility;
  const region: Rule | undefined = offering.regions === 'all' || !factDefinition(defs, 'region') ? undefined : { fact: 'region', in: [...offering.regions] };
  const rule: Rule | undefined = region && rules ? { all: [region, rules] } : (region ?? rules);
  let base: Evaluation;
  if (rule) {
    base = evaluateRule(rule, facts, defs, now);
    if (open && base.status === 'eligible') base = { ...base, decisive: [...base.decisive, { kind: 'open' }] };
  } else if (open) base = { status: 'eligible', conditions: [], decisive: [{ kind: 'open' }], missing: [] };
  else return evaluateRule(undefined, facts, defs, now);
  if (rule && !rules && !open && base.status !== 'ineligible') {
    // Only a region is known of the offering: the rest is to confirm with it.
    return { ...base, status: 'unknown', decisive: [...(base.status === 'unknown' ? base.decisive : []), { kind: 'noCriteria' }] };
  }
  if (base.status === 'ineligible' || verify.length === 0) return base;

  // The caveats of the sources: one that holds, or may hold, makes "eligible" a "to check".
  const caveats = verify.map((v) => {
    const e = evaluateRule(v.when, facts, defs, now);
    const outcome: Outcome = e.status === 'eligible' ? 'met' : e.status === 'ineligible' ? 'unmet' : 'unknown';
    return { v, e, outcome };
  });
  const applying = caveats.filter((c) => c.outcome !== 'unmet');
  if (applying.length === 0) return base;
  const verifyReasons = applying.map((c): Basis => ({
    kind: 'verify',
    reason: c.v.reason,
    facts: unique(c.e.conditions.map((r) => r.condition.fact)),
    outcome: c.outcome,
  }));
  // A caveat that may apply asks for its facts; one that applies asks nothing more of the client.
  const caveatFacts = applying.filter((c) => c.outcome === 'unknown').flatMap((c) => c.e.missing);
  if (base.status === 'eligible') return { status: 'unknown', conditions: base.conditions, decisive: verifyReasons, missing: unique(caveatFacts) };
  return { ...base, decisive: [...base.decisive, ...verifyReasons], missing: unique([...base.missing, ...caveatFacts]) };
}

function walk(rule: Rule, facts: ClientFacts, defs: FactDefinitions, today: Date, out: ConditionResult[], negated: boolean): Node {
  if ('all' in rule || 'any' in rule) {
    const kind = 'all' in rule ? 'all' : 'any';
    const parts = ('all' in rule ? rule.all : rule.any).map((r) => walk(r, facts, defs, today, out, negated));
    return { kind, outcome: combine(parts, kind), parts };
  }
  if ('not' in rule) {
    const part = walk(rule.not, facts, defs, today, out, !negated);
    return { kind: 'not', outcome: flip(part.outcome), part };
  }
  const value = facts[rule.fact];
  const outcome = value === undefined ? 'unknown' : test(rule, value, defs, today);
  const result: ConditionResult = { condition: rule, outcome, value, negated };
  out.push(result);
  return { kind: 'condition', outcome, result };
}

function combine(parts: Node[], op: 'all' | 'any'): Outcome {
  const decisive = op === 'all' ? 'unmet' : 'met';
  if (parts.some((p) => p.outcome === decisive)) return decisive;
  if (parts.some((p) => p.outcome === 'unknown')) return 'unknown';
  return op === 'all' ? 'met' : 'unmet';
}

/** A condition that explains an outcome; `alternative` when it opens another way in ("Or — …"). */
interface Picked {
  result: ConditionResult;
  alternative?: boolean;
}

/**
 * The conditions that explain a node's outcome: for "met", the branch that was met (every part of
 * an `all`, the first part of an `any` that held); for "unmet", the parts that failed; for
 * "unknown", the parts still open. A failed side branch never explains an "eligible".
 */
function pick(node: Node, want: Outcome): Picked[] {
  switch (node.kind) {
    case 'condition':
      return [{ result: node.result }];
    case 'not':
      return pick(node.part, flip(want));
    case 'all':
      if (want === 'met') return node.parts.flatMap((p) => pick(p, 'met'));
      return node.parts.filter((p) => p.outcome === want).flatMap((p) => pick(p, want));
    case 'any': {
      if (want === 'met') {
        const first = node.parts.find((p) => p.outcome === 'met');
        return first ? pick(first, 'met') : [];
      }
      const parts = node.parts.filter((p) => p.outcome === want);
      return want === 'unknown' ? parts.flatMap((p) => pick(p, want)) : everyBranchFailed(parts);
    }
  }
}

/**
 * Why no branch of an `any` holds. A failure on a fact that another branch accepts is no reason (a
 * permanent resident who arrived this year hears about the date, not "the service is for
 * citizens"); the branches left are alternatives, and said so; failures of several branches on one
 * list fact are said once, with every value.
 */
function everyBranchFailed(parts: Node[]): Picked[] {
  const branches = parts.map((p) => ({ failed: pick(p, 'unmet'), held: heldFacts(p, true) }));
  const acceptedElsewhere = (i: number, fact: string) => branches.some((b, j) => j !== i && b.held.has(fact));
  let kept = branches.map((b, i) => b.failed.filter((f) => !acceptedElsewhere(i, f.result.condition.fact)));
  // Each branch fails only on facts another accepts: nothing simpler to say than every failure.
  if (kept.every((k) => k.length === 0)) kept = branches.map((b) => b.failed);
  const out: Picked[] = [];
  for (const failed of kept.filter((k) => k.length > 0)) {
    let opensBranch = out.length > 0;
    for (const f of failed) {
      if (mergeInto(out, f)) continue;
      out.push(opensBranch ? { ...f, alternative: true } : f);
      opensBranch = false;
    }
  }
  return out;
}

/** The facts of the conditions that hold under a node (a condition under `not` holds when it fails). */
function heldFacts(node: Node, positive: boolean, out = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'condition':
      if (node.outcome === (positive ? 'met' : 'unmet')) out.add(node.result.condition.fact);
      return out;
    case 'not':
      return heldFacts(node.part, !positive, out);
    default:
      for (const p of node.parts) heldFacts(p, positive, out);
      return out;
  }
}

/**
 * Adds a failure to an earlier one on the same list fact ("the service is for “A” or “B”"), or
 * drops it when an identical one is there; false when it is a reason of its own.
 */
function mergeInto(out: Picked[], f: Picked): boolean {
  const c = f.result.condition;
  const same = out.findIndex((o) => o.result.condition.fact === c.fact && o.result.negated === f.result.negated);
  if (same < 0) return false;
  const earlier = out[same]!;
  if (c.in && earlier.result.condition.in && !f.result.negated) {
    const merged = unique([...earlier.result.condition.in, ...c.in]);
    out[same] = { ...earlier, result: { ...earlier.result, condition: { ...earlier.result.condition, in: merged } } };
    return true;
  }
  return JSON.stringify(earlier.result.condition) === JSON.stringify(c);
}

/** The failures of every part of a rule, each said once. */
function mergeFailures(picked: Picked[]): Picked[] {
  const out: Picked[] = [];
  for (const f of picked) if (!mergeInto(out, f)) out.push(f);
  return out;
}

function test(c: Condition, value: FactValue, defs: FactDefinitions, today: Date): Outcome {
  const def = factDefinition(defs, c.fact);
  const at = c.at === 'previous-year-end' ? referenceDay(today) : today;
  let ok: boolean;
  if (c.in) ok = c.in.includes(String(value));
  else if (c.is !== undefined) ok = value === c.is;
  else if (def?.type === 'date') {
    const date = parseIsoDate(String(value));
    if (!date) return 'unknown';
    // Not yet arrived on the reference date: no time spent by then.
    if (date > at) return c.atLeast ? 'unmet' : 'met';
    ok = (!c.within || addDuration(date, c.within) >= at) && (!c.atLeast || addDuration(date, c.atLeast) <= at);
  } else {
    const n = Number(value);
    const within = (x: number) => (c.min === undefined || x >= c.min) && (c.max === undefined || x <= c.max);
    if (at !== today && def?.type === 'number' && def.growsYearly) {
      // An age on 31 December last year is this year's age, or one less if the birthday has passed.
      const before = within(n - 1);
      const now = within(n);
      return before && now ? 'met' : !before && !now ? 'unmet' : 'unknown';
    }
    ok = within(n);
  }
  return ok ? 'met' : 'unmet';
}

const unique = (xs: string[]) => [...new Set(xs)];

/**
 * The facts that justify an eligible answer: those of the conditions that decided it (the branch
 * that was met), and the region when it picks the point of service. A referral keeps these and
 * nothing else about the client.
 */
export function justifyingFacts(offering: LoadedOffering, facts: ClientFacts, defs: FactDefinitions, now: Date): Record<string, FactValue> {
  const out: Record<string, FactValue> = {};
  const e = evaluateOffering(offering, facts, defs, now);
  // Eligible: the branch that decided it. Otherwise (a referral to check with the organization): every condition that held.
  const results = e.status === 'eligible' ? e.decisive.flatMap((b) => (b.kind === 'condition' ? [b.result] : [])) : e.conditions;
  for (const r of results) {
    const counts = r.negated ? r.outcome === 'unmet' : r.outcome === 'met';
    if (counts && r.value !== undefined) out[r.condition.fact] = r.value;
  }
  // The region that picks the client's point of service goes with the referral, for its letter.
  if (regionalContact(offering, facts.region) && facts.region !== undefined) out.region = facts.region;
  return out;
}
