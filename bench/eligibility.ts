/**
 * `npm run bench:eligibility`: how many questions a caseworker answers before every offering of
 * the real knowledge base is settled, choosing each next question by `nextQuestion` against
 * asking the facts in a fixed order (the order of knowledge/facts.yaml), over a seeded random
 * sample of clients. Prints a table and writes bench/results/eligibility.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FactValue } from '../src/eligibility/client-facts';
import { evaluateOffering } from '../src/eligibility/evaluate';
import { nextQuestion, representativeValues, rulesOf } from '../src/eligibility/next-question';
import { newTask, nextStep, recordAnswers, targetsOf, type CheckTask } from '../src/eligibility/check-task';
import { loadKnowledgeDir } from '../src/knowledge/read-dir';
import { EVERY_NEED, NEED_FACT } from '../src/knowledge/vocabulary';
import { rng } from './synthetic-kb';

const ROOT = join(__dirname, '..');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2000);
/** Share of answers that are "I don't know". */
const DONT_KNOW = Number(process.env.BENCH_DONT_KNOW ?? 0.1);

const loaded = loadKnowledgeDir(join(ROOT, 'knowledge')).kb;
if (!loaded) throw new Error('the knowledge base has errors: run npm run kb -- validate');
const kb = loaded;
const now = new Date();
const rules = kb.offerings.flatMap(rulesOf);
/** The facts rules test; the need is asked by the dialog, never by a rule. */
const facts = Object.keys(kb.facts).filter((f) => f !== NEED_FACT);
const values = Object.fromEntries(facts.map((f) => [f, representativeValues(f, kb.facts, rules, now)]));
const random = rng(2026);

type Client = Record<string, FactValue | undefined>;
const clients: Client[] = Array.from({ length: CLIENTS }, () =>
  Object.fromEntries(facts.map((f) => [f, random() < DONT_KNOW ? undefined : values[f]![Math.floor(random() * values[f]!.length)]])),
);

const evaluations = (known: Record<string, FactValue>) => kb.offerings.map((o) => evaluateOffering(o, known, kb.facts, now));
/** Settled: no offering left whose answer a question could still change. */
const settled = (known: Record<string, FactValue>) => evaluations(known).every((e) => e.missing.length === 0);

function interview(client: Client, choose: (known: Record<string, FactValue>, skipped: Set<string>) => string | undefined): number {
  const known: Record<string, FactValue> = {};
  const skipped = new Set<string>();
  let asked = 0;
  for (let fact = choose(known, skipped); fact !== undefined; fact = choose(known, skipped)) {
    asked++;
    const answer = client[fact];
    if (answer === undefined) skipped.add(fact);
    else known[fact] = answer;
  }
  return asked;
}

const greedy = (known: Record<string, FactValue>, skipped: Set<string>) => nextQuestion(kb.offerings, known, kb.facts, now, skipped);
/** Fixed order, but stopping once every offering is settled and skipping facts no undecided offering needs. */
const fixedUntilSettled = (known: Record<string, FactValue>, skipped: Set<string>) => {
  if (settled(known)) return undefined;
  const needed = new Set(evaluations(known).flatMap((e) => e.missing));
  return facts.find((f) => needed.has(f) && !(f in known) && !skipped.has(f));
};

/**
 * One need's offerings: questions asked before all of them are settled, need first (the need,
 * the region, then only what decides those offerings: the dialog's order, src/eligibility/check-task)
 * against today's order (every offering's questions, counted until that need's are settled).
 */
const needDef = kb.facts[NEED_FACT];
const needs = needDef?.type === 'enum' ? Object.keys(needDef.options).filter((n) => n !== EVERY_NEED) : [];
const needOf = (i: number) => needs[i % needs.length]!;
function needFirst(client: Client, need: string): number {
  let task: CheckTask = recordAnswers(newTask(), new Map([[NEED_FACT, { value: need }]]), kb.facts, now);
  let asked = 1;
  for (let next = nextStep(kb, task, now); 'ask' in next.step; next = nextStep(kb, task, now)) {
    asked++;
    const fact = next.step.ask;
    const answer = client[fact];
    task =
      answer === undefined
        ? { ...next.task, skipped: [...next.task.skipped, fact] }
        : recordAnswers(next.task, new Map([[fact, { value: answer }]]), kb.facts, now);
  }
  return asked;
}
function todayUntilNeedSettled(client: Client, need: string): number {
  const ofNeed = targetsOf(kb, recordAnswers(newTask(), new Map([[NEED_FACT, { value: need }]]), kb.facts, now));
  const known: Record<string, FactValue> = {};
  const skipped = new Set<string>();
  let asked = 0;
  const needSettled = () => ofNeed.every((o) => evaluateOffering(o, known, kb.facts, now).missing.every((f) => skipped.has(f)));
  for (let fact = greedy(known, skipped); fact !== undefined && !needSettled(); fact = greedy(known, skipped)) {
    asked++;
    const answer = client[fact];
    if (answer === undefined) skipped.add(fact);
    else known[fact] = answer;
  }
  return asked;
}

const started = performance.now();
const stats = (counts: number[]) => ({ mean: Math.round((counts.reduce((a, b) => a + b, 0) / counts.length) * 100) / 100, max: Math.max(...counts) });
const g = stats(clients.map((c) => interview(c, greedy)));
const f = stats(clients.map((c) => interview(c, fixedUntilSettled)));
const needSample = clients.slice(0, Math.min(CLIENTS, 600));
const nf = stats(needSample.map((c, i) => needFirst(c, needOf(i))));
const nt = stats(needSample.map((c, i) => todayUntilNeedSettled(c, needOf(i))));
const needRows = [
  { strategy: 'one need: need and region first, then its offerings only', ...nf },
  { strategy: "one need: today's order, until that need's offerings are settled", ...nt },
];
const rows = [
  { strategy: 'most offerings settled first (nextQuestion)', ...g },
  { strategy: 'facts.yaml order, skipping unneeded, stop when settled', ...f },
  { strategy: 'every fact in a fixed order', mean: facts.length, max: facts.length },
];
console.table(rows);
console.table(needRows);
console.log(
  `${CLIENTS} random clients (${DONT_KNOW * 100}% "I don't know"), ${kb.offerings.length} offerings, ${facts.length} facts; ${Math.round(performance.now() - started)} ms`,
);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'eligibility.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      clients: CLIENTS,
      dontKnowShare: DONT_KNOW,
      offerings: kb.offerings.length,
      facts: facts.length,
      rows,
      needRows,
      needClients: needSample.length,
      needFirstRatio: Math.round((nf.mean / nt.mean) * 100) / 100,
      ratioToFixedOrder: Math.round((g.mean / facts.length) * 100) / 100,
    },
    null,
    2,
  ) + '\n',
);
