import { factDefinition, type FactDefinitions } from '../knowledge/fact-schema';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { LoadedOffering } from '../knowledge/offering-schema';
import { EVERY_NEED, NEED_FACT } from '../knowledge/vocabulary';
import type { Assessment } from './assess';
import type { FactValue } from './client-facts';
import { evaluateOffering, evaluateRule } from './evaluate';
import { nextQuestion, representativeValues, rulesOf } from './next-question';
import type { Approximate } from './understand-dates';
import type { Understood } from './understand';

/**
 * An eligibility check as data: what is known of the client, how, and what is left to ask. The
 * dialog keeps it in the conversation and hands it here; nothing in this module talks to a person.
 */
export interface CheckTask {
  /** One offering's check (its "Check eligibility" button); without it, the offerings of the client's need. */
  one?: string;
  /** Answers as the caseworker gave them, and values the other answers imply (`implied`). */
  facts: Record<string, FactValue>;
  /** Answers that stand for a period ("2023"): their value is the middle of it. */
  approx: Record<string, Approximate>;
  implied: string[];
  /** Answered "I don't know": never asked again. */
  skipped: string[];
  /** Facts in the order they were given, for "back" and the summary. */
  history: string[];
  /** Approximate answers already asked again for the exact date. */
  precise: string[];
  /** A fact to ask now: after "back", "change", or an approximate date that matters. */
  reask?: string;
  /** Questions answered so far, for "Question 3". */
  asked: number;
}

export const newTask = (one?: string): CheckTask => ({
  ...(one ? { one } : {}),
  facts: {},
  approx: {},
  implied: [],
  skipped: [],
  history: [],
  precise: [],
  asked: 0,
});

/** The offerings the check settles: the one asked about, or those of the client's need (all before it is known, or for "everything"). */
export function targetsOf(kb: KnowledgeBase, task: CheckTask): LoadedOffering[] {
  if (task.one) return kb.get(task.one) ? [kb.get(task.one)!] : [];
  const need = task.facts[NEED_FACT];
  if (typeof need !== 'string' || need === EVERY_NEED) return [...kb.offerings];
  const ofNeed = kb.offerings.filter((o) => (o.categories as readonly string[]).includes(need));
  return ofNeed.length ? ofNeed : [...kb.offerings];
}

/**
 * The task with these answers recorded (later ones win, a fact asked again replaces its old
 * answer), and the implications of the answers applied again from scratch.
 */
export function recordAnswers(task: CheckTask, answers: ReadonlyMap<string, Understood>, defs: FactDefinitions, now: Date): CheckTask {
  const facts = { ...task.facts };
  for (const f of task.implied) delete facts[f];
  const approx = { ...task.approx };
  const history = [...task.history];
  let skipped = [...task.skipped];
  for (const [fact, u] of answers) {
    facts[fact] = u.value;
    if (u.approx) approx[fact] = u.approx;
    else delete approx[fact];
    skipped = skipped.filter((f) => f !== fact);
    if (!history.includes(fact)) history.push(fact);
  }
  const implied = implications(facts, defs, now);
  return { ...task, facts: { ...facts, ...Object.fromEntries(implied) }, approx, history, skipped, implied: [...implied.keys()] };
}

/** What the answers imply (`impliedBy` in facts.yaml) for the facts not answered. */
export function implications(facts: Readonly<Record<string, FactValue>>, defs: FactDefinitions, now: Date): Map<string, FactValue> {
  const implied = new Map<string, FactValue>();
  for (const [fact, def] of Object.entries(defs)) {
    if (fact in facts || !def.impliedBy) continue;
    const hit = def.impliedBy.find((imp) => evaluateRule(imp.when, facts, defs, now).status === 'eligible');
    if (hit) implied.set(fact, hit.value);
  }
  return implied;
}

/** The implication that gives a fact its value, for saying why it was not asked. */
export const implicationOf = (fact: string, facts: Readonly<Record<string, FactValue>>, defs: FactDefinitions, now: Date) =>
  factDefinition(defs, fact)?.impliedBy?.find((imp) => evaluateRule(imp.when, facts, defs, now).status === 'eligible');

/** The task without one answer, to ask it again ("back", "change"). */
export function forget(task: CheckTask, fact: string, defs: FactDefinitions, now: Date): CheckTask {
  const facts = { ...task.facts };
  delete facts[fact];
  const approx = { ...task.approx };
  delete approx[fact];
  const base: CheckTask = {
    ...task,
    facts,
    approx,
    skipped: task.skipped.filter((f) => f !== fact),
    history: task.history.filter((f) => f !== fact),
    precise: task.precise.filter((f) => f !== fact),
  };
  return { ...recordAnswers(base, new Map(), defs, now), reask: fact };
}

/** Whether an approximate answer could change an offering's status: its period spans one of the offering's limits. */
export function straddles(targets: readonly LoadedOffering[], task: CheckTask, fact: string, defs: FactDefinitions, now: Date): boolean {
  const period = task.approx[fact];
  if (!period) return false;
  const at = (value: string) => ({ ...task.facts, [fact]: value });
  return targets.some((o) => evaluateOffering(o, at(period.from), defs, now).status !== evaluateOffering(o, at(period.to), defs, now).status);
}

export type Step = { ask: string; why?: 'precise' } | { done: true };

/**
 * What to do next: an approximate answer that matters is asked once more for the exact date (and,
 * still approximate, becomes "I don't know", so no offering is said eligible on a guess); then
 * the need and the region, which choose the offerings; then `nextQuestion`.
 */
export function nextStep(kb: KnowledgeBase, task: CheckTask, now: Date): { task: CheckTask; step: Step } {
  const targets = targetsOf(kb, task);
  let current = task;
  for (const fact of Object.keys(task.approx)) {
    if (!straddles(targets, current, fact, kb.facts, now)) continue;
    if (!current.precise.includes(fact)) return { task: { ...current, precise: [...current.precise, fact] }, step: { ask: fact, why: 'precise' } };
    current = { ...forget(current, fact, kb.facts, now), reask: undefined, skipped: [...current.skipped, fact], history: current.history };
  }
  if (current.reask) return { task: { ...current, reask: undefined }, step: { ask: current.reask } };
  const skipped = new Set(current.skipped);
  const unasked = (f: string) => factDefinition(kb.facts, f) && current.facts[f] === undefined && !skipped.has(f);
  if (!current.one && unasked(NEED_FACT)) return { task: current, step: { ask: NEED_FACT } };
  if (!current.one && unasked('region')) return { task: current, step: { ask: 'region' } };
  const fact = nextQuestion(targets, current.facts, kb.facts, now, skipped);
  return { task: current, step: fact === undefined ? { done: true } : { ask: fact } };
}

/**
 * About how many questions are left, this one included: the questions still asked for three
 * made-up clients (each giving the first, the middle or the last possible answer), the middle
 * count, from the question about to be asked. Each made-up interview asks the fact most undecided offerings miss: close to
 * `nextQuestion`'s choices at a tenth of the cost, which matters on every question.
 */
export function questionsLeft(kb: KnowledgeBase, task: CheckTask, now: Date, asking: string): number {
  const targets = targetsOf(kb, task);
  const rules = targets.flatMap(rulesOf);
  const start = targets.map((o) => ({ o, missing: evaluateOffering(o, task.facts, kb.facts, now).missing }));
  const counts = [0, 1, 2].map((pick) => {
    const facts: Record<string, FactValue> = { ...task.facts };
    const skipped = new Set(task.skipped);
    // Only the offerings that miss the fact just answered are evaluated again: the others keep what they miss.
    let open = start.filter((x) => x.missing.length > 0);
    let n = 0;
    for (let fact: string | undefined = asking; fact !== undefined && n < 40; n++) {
      const values = representativeValues(fact, kb.facts, rules, now);
      const value = values[pick === 0 ? 0 : pick === 1 ? Math.floor(values.length / 2) : values.length - 1];
      if (value === undefined) skipped.add(fact);
      else facts[fact] = value;
      const answered = fact;
      open = open
        .map((x) => (x.missing.includes(answered) ? { o: x.o, missing: evaluateOffering(x.o, facts, kb.facts, now).missing } : x))
        .filter((x) => x.missing.length > 0);
      fact = mostMissed(open, facts, skipped);
    }
    return n;
  });
  return counts.sort((a, b) => a - b)[1]!;
}

function mostMissed(open: readonly { missing: readonly string[] }[], facts: Record<string, FactValue>, skipped: ReadonlySet<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const { missing } of open) for (const f of missing) if (!skipped.has(f) && facts[f] === undefined) counts.set(f, (counts.get(f) ?? 0) + 1);
  let best: [string, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0];
}

/**
 * Results in the order a caseworker reads them: eligible, then to check, then not eligible; in
 * each, offerings whose first category is the need, then those serving the client's region by
 * name (a local service before a province-wide one), then by name.
 */
export function rankResults(kb: KnowledgeBase, results: readonly Assessment[], task: CheckTask): Assessment[] {
  const order = { eligible: 0, unknown: 1, ineligible: 2 } as const;
  const need = task.facts[NEED_FACT];
  const region = task.facts['region'];
  const score = (r: Assessment) => {
    const o = kb.get(r.id)!;
    return (
      (o.categories[0] === need ? 0 : 2) + (Array.isArray(o.regions) && typeof region === 'string' && (o.regions as readonly string[]).includes(region) ? 0 : 1)
    );
  };
  return [...results].sort(
    (a, b) => order[a.status] - order[b.status] || score(a) - score(b) || kb.get(a.id)!.name.fr.localeCompare(kb.get(b.id)!.name.fr, 'fr'),
  );
}

/** How many results come first, before "see all" (the eligible and to-check ones, 3 to 7), and per card after it. */
export const FIRST_RESULTS = { min: 3, max: 7, page: 8 } as const;
