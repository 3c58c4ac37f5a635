/**
 * `npm run bench:search`: Passerelle's index against MiniSearch on the same synthetic bilingual
 * corpora (1,000 and 10,000 offerings), in the same run. Prints a table and writes
 * bench/results/search.json. A benchmark, not a test: figures vary by machine; compare ratios.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base';
import { loadKnowledgeDir } from '../src/knowledge/read-dir';
import { foldDiacritics } from '../src/text/fold';
import { QUERIES_FILE, readQueries } from '../test/search/quality';
import { SearchIndex } from '../src/search/search-index';
import { queryMix, syntheticKnowledge } from './synthetic-kb';

const ROOT = join(__dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const PASSES = Number(process.env.BENCH_PASSES ?? 5);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.warn('run with node --expose-gc for heap figures (npm run bench:search does)');
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

interface Engine {
  name: string;
  build(kb: KnowledgeBase): unknown;
  serialize(index: unknown): string;
  load(kb: KnowledgeBase, json: string): unknown;
  search(index: unknown, q: string, lang: 'fr' | 'en'): string[];
}

const passerelle: Engine = {
  name: 'passerelle (lunr)',
  build: (kb) => SearchIndex.build(kb),
  serialize: (i) => JSON.stringify((i as SearchIndex).serialize()),
  load: (kb, json) => SearchIndex.load(kb, JSON.parse(json)),
  search: (i, q, lang) => (i as SearchIndex).search(q, { lang, limit: 10 }).map((h) => h.id),
};

// MiniSearch as its documentation suggests for this job: the same fields and boosts, accents
// folded, prefix and fuzzy matching on.
const MINI_FIELDS = ['nameFr', 'nameEn', 'keywordsFr', 'keywordsEn', 'summaryFr', 'summaryEn', 'descriptionFr', 'descriptionEn'];
const miniOptions = {
  fields: MINI_FIELDS,
  processTerm: (t: string) => foldDiacritics(t.toLowerCase()),
  searchOptions: { prefix: true, fuzzy: 0.2, boost: { nameFr: 10, nameEn: 10, keywordsFr: 6, keywordsEn: 6, summaryFr: 3, summaryEn: 3 } },
};
const miniDocs = (kb: KnowledgeBase) =>
  kb.offerings.map((o) => ({
    id: o.id,
    nameFr: o.name.fr,
    nameEn: o.name.en,
    keywordsFr: o.keywords.fr.join(' '),
    keywordsEn: o.keywords.en.join(' '),
    summaryFr: o.summary.fr,
    summaryEn: o.summary.en,
    descriptionFr: o.description.fr,
    descriptionEn: o.description.en,
  }));
const minisearch: Engine = {
  name: 'MiniSearch 7',
  build: (kb) => {
    const m = new MiniSearch(miniOptions);
    m.addAll(miniDocs(kb));
    return m;
  },
  serialize: (i) => JSON.stringify(i),
  load: (_kb, json) => MiniSearch.loadJSON(json, miniOptions),
  search: (i, q) =>
    (i as MiniSearch)
      .search(q)
      .slice(0, 10)
      .map((r) => String(r.id)),
};

/** MiniSearch without fuzzy matching: faster, but no typo tolerance. A second, stricter baseline. */
const minisearchExact: Engine = {
  ...minisearch,
  name: 'MiniSearch 7, prefix only',
  search: (i, q) =>
    (i as MiniSearch)
      .search(q, { prefix: true, fuzzy: false })
      .slice(0, 10)
      .map((r) => String(r.id)),
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

function measure(engine: Engine, kb: KnowledgeBase, queries: { q: string; lang: 'fr' | 'en' }[]) {
  const h0 = heap();
  let t = performance.now();
  let index: unknown = engine.build(kb);
  const buildMs = performance.now() - t;
  const builtHeapMb = (heap() - h0) / 2 ** 20;
  const json = engine.serialize(index);
  index = undefined;
  const h1 = heap();
  t = performance.now();
  index = engine.load(kb, json);
  const loadMs = performance.now() - t;
  const loadedHeapMb = (heap() - h1) / 2 ** 20;

  for (const { q, lang } of queries) engine.search(index, q, lang); // warm-up
  const times: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    for (const { q, lang } of queries) {
      const s = performance.now();
      engine.search(index, q, lang);
      times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  return {
    engine: engine.name,
    buildMs: round(buildMs, 0),
    serializedMb: round(Buffer.byteLength(json) / 2 ** 20, 2),
    loadMs: round(loadMs, 0),
    heapMb: round(Math.max(builtHeapMb, loadedHeapMb), 1),
    p50Ms: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
  };
}

function main() {
  const real = loadKnowledgeDir(join(ROOT, 'knowledge')).kb;
  if (!real) throw new Error('the knowledge base has errors: run npm run kb -- validate');
  const labelled = readQueries(readFileSync(process.env.BENCH_QUERIES ?? join(ROOT, QUERIES_FILE), 'utf8'));
  const queries = queryMix(real, labelled);
  const rows = [];
  for (const size of SIZES) {
    const kb = syntheticKnowledge(real, size);
    const p = measure(passerelle, kb, queries);
    const m = measure(minisearch, kb, queries);
    const e = measure(minisearchExact, kb, queries);
    const ratios = (x: typeof m) => ({
      p50Ratio: round(p.p50Ms / x.p50Ms, 2),
      p99Ratio: round(p.p99Ms / x.p99Ms, 2),
      loadRatio: round(p.loadMs / x.loadMs, 2),
      heapRatio: round(p.heapMb / x.heapMb, 2),
    });
    rows.push({ offerings: size, ...p }, { offerings: size, ...m, ...ratios(m) }, { offerings: size, ...e, ...ratios(e) });
  }
  console.table(rows);
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: round(totalmem() / 2 ** 30, 0) };
  const out = join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'search.json'),
    JSON.stringify({ date: new Date().toISOString(), machine, queries: queries.length, passes: PASSES, rows }, null, 2) + '\n',
  );
  console.log('ratios on each MiniSearch row are passerelle / that row (≤ 1.0: passerelle as fast or faster, or as small); wrote bench/results/search.json');
}

main();
