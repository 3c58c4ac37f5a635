import { factDefinition, type FactDefinitions } from '../knowledge/fact-schema';
import type { LoadedOffering } from '../knowledge/offering-schema';
import { contactDependsOnRegion } from '../knowledge/regional-contact';
import { isCondition, type Condition, type Rule } from '../knowledge/rule-schema';
import type { ClientFacts, FactValue } from './client-facts';
import { addDuration, utcDay } from './elapsed';
import { evaluateOffering } from './evaluate';

/**
 * The next question for a caseworker: among the facts still unknown that some undecided offering
 * needs, the one whose answer settles the most undecided offerings, on average over its possible
 * answers. Ties go to the order of `knowledge/facts.yaml`. When nothing left settles an offering,
 * the region is asked if it changes whom to contact for an offering that is not ruled out (PRAIDA,
 * MIFI's regional offices). Returns undefined when there is nothing left worth asking.
 */
export function nextQuestion(
  offerings: readonly LoadedOffering[],
  facts: ClientFacts,
  defs: FactDefinitions,
  now: Date,
  /** Facts already asked and answered "I don't know": never asked twice. */
  skipped: ReadonlySet<string> = new Set(),
): string | undefined {
  const statuses = offerings.map((o) => {
    const e = evaluateOffering(o, facts, defs, now);
    return { o, status: e.status, missing: e.missing };
  });
  const undecided = statuses.filter((s) => s.status === 'unknown');
  return settlingQuestion(undecided, facts, defs, now, skipped) ?? regionForContact(statuses, facts, defs, skipped);
}

function regionForContact(
  statuses: readonly { o: LoadedOffering; status: string }[],
  facts: ClientFacts,
  defs: FactDefinitions,
  skipped: ReadonlySet<string>,
): string | undefined {
  if (facts.region !== undefined || skipped.has('region') || !factDefinition(defs, 'region')) return undefined;
  return statuses.some((s) => s.status !== 'ineligible' && contactDependsOnRegion(s.o)) ? 'region' : undefined;
}

function settlingQuestion(
  /** The offerings still "to check", with the facts each still misses. */
  undecided: readonly { o: LoadedOffering; missing: readonly string[] }[],
  facts: ClientFacts,
  defs: FactDefinitions,
  now: Date,
  skipped: ReadonlySet<string>,
): string | undefined {
  if (undecided.length === 0) return undefined;
  // An answer can only settle the offerings that still miss it: only those are evaluated again.
  const needing = new Map<string, LoadedOffering[]>();
  for (const { o, missing } of undecided) {
    for (const f of missing) {
      if (skipped.has(f)) continue;
      const list = needing.get(f);
      if (list) list.push(o);
      else needing.set(f, [o]);
    }
  }

  const order = Object.keys(defs);
  let best: { fact: string; settles: number } | undefined;
  for (const fact of [...needing.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b))) {
    const offeringsNeeding = needing.get(fact)!;
    const values = representativeValues(fact, defs, offeringsNeeding.flatMap(rulesOf), now);
    if (values.length === 0) continue;
    let settled = 0;
    for (const value of values) {
      const withAnswer = { ...facts, [fact]: value };
      for (const o of offeringsNeeding) if (evaluateOffering(o, withAnswer, defs, now).status !== 'unknown') settled++;
    }
    const settles = settled / values.length;
    if (!best || settles > best.settles) best = { fact, settles };
  }
  return best?.fact;
}

/** Answers that stand for every distinct outcome of the rules: each option, or each side of each threshold. */
export function representativeValues(fact: string, defs: FactDefinitions, rules: readonly (Rule | undefined)[], now: Date): FactValue[] {
  const def = factDefinition(defs, fact);
  if (!def) return [];
  const conditions = rules.flatMap((r) => (r ? conditionsOn(fact, r) : []));
  switch (def.type) {
    case 'enum':
      return Object.keys(def.options);
    case 'boolean':
      return [true, false];
    case 'number': {
      const points = new Set<number>([def.min, def.max]);
      for (const c of conditions) {
        if (c.min !== undefined) points.add(c.min - 1).add(c.min);
        if (c.max !== undefined) points.add(c.max).add(c.max + 1);
      }
      return [...points].filter((n) => n >= def.min && n <= def.max).sort((a, b) => a - b);
    }
    case 'date': {
      const today = utcDay(now);
      const iso = (d: Date) => d.toISOString().slice(0, 10);
      const points = new Set<string>([iso(today), iso(addDuration(today, { years: -60 }))]);
      for (const c of conditions) {
        for (const d of [c.within, c.atLeast]) {
          if (!d) continue;
          const boundary = addDuration(today, { years: -(d.years ?? 0), months: -(d.months ?? 0), days: -(d.days ?? 0) });
          points.add(iso(addDuration(boundary, { days: -1 }))).add(iso(addDuration(boundary, { days: 1 })));
        }
      }
      return [...points].sort();
    }
  }
}

/** Every rule an offering's answer depends on: its criteria and its caveats (regions are an enum: every option counts). */
export const rulesOf = (o: LoadedOffering): Rule[] => [...(o.eligibility.rules ? [o.eligibility.rules] : []), ...o.eligibility.verify.map((v) => v.when)];

function conditionsOn(fact: string, rule: Rule): Condition[] {
  if ('all' in rule) return rule.all.flatMap((r) => conditionsOn(fact, r));
  if ('any' in rule) return rule.any.flatMap((r) => conditionsOn(fact, r));
  if ('not' in rule) return conditionsOn(fact, rule.not);
  return isCondition(rule) && rule.fact === fact ? [rule] : [];
}
