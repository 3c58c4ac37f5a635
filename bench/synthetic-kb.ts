import type { KnowledgeBase } from '../src/knowledge/knowledge-base';
import { contentHash } from '../src/knowledge/knowledge-base';
import type { LoadedOffering } from '../src/knowledge/offering-schema';
import { words } from '../src/search/analyzer';

/** A seeded PRNG (mulberry32): the same seed gives the same corpus and queries in every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A knowledge base of `size` offerings of realistic length: each copies the shape of a real
 * offering, with its texts rewritten from the real corpus's own words in each language, so term
 * frequencies and lengths resemble the real knowledge base's.
 */
export function syntheticKnowledge(real: KnowledgeBase, size: number, seed = 42): KnowledgeBase {
  const random = rng(seed);
  const vocab = {
    fr: real.offerings.flatMap((o) => words(`${o.name.fr} ${o.summary.fr} ${o.description.fr} ${o.keywords.fr.join(' ')}`)),
    en: real.offerings.flatMap((o) => words(`${o.name.en} ${o.summary.en} ${o.description.en} ${o.keywords.en.join(' ')}`)),
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  // A real collection's vocabulary grows with its size (Heaps' law): names of organizations, towns,
  // programs and trades. Rare words are drawn from a long tail of made-up words, log-uniform by rank.
  const tailSize = Math.round(40 * Math.sqrt(size * 200));
  const tail = { fr: madeUpWords(tailSize, random, 'fr'), en: madeUpWords(tailSize, random, 'en') };
  const word = (lang: 'fr' | 'en') => (random() < 0.65 ? pick(vocab[lang]) : tail[lang][Math.floor(tailSize ** random()) - 1]!);
  const text = (lang: 'fr' | 'en', n: number) => Array.from({ length: n }, () => word(lang)).join(' ');
  const both = (n: number) => ({ fr: text('fr', n), en: text('en', n) });

  const offerings: LoadedOffering[] = [];
  for (let i = 0; i < size; i++) {
    const model = real.offerings[i % real.offerings.length]!;
    offerings.push({
      ...model,
      id: `synthetic-${i}`,
      name: both(4 + Math.floor(random() * 6)),
      alternateNames: [],
      summary: both(18 + Math.floor(random() * 12)),
      description: both(60 + Math.floor(random() * 50)),
      keywords: {
        fr: Array.from({ length: 10 }, () => text('fr', 1 + Math.floor(random() * 2))),
        en: Array.from({ length: 10 }, () => text('en', 1 + Math.floor(random() * 2))),
      },
    });
  }
  const byId = new Map(offerings.map((o) => [o.id, o]));
  return {
    version: contentHash(offerings.map((o) => o.id)) + String(size),
    facts: real.facts,
    retired: [],
    glossary: real.glossary,
    safety: real.safety,
    offerings,
    get: (id) => byId.get(id),
  };
}

/** A fixed mix of queries: the labelled realistic ones, plus corpus words with and without typos. */
export function queryMix(real: KnowledgeBase, labelled: { q: string; lang: 'fr' | 'en' }[], count = 300, seed = 7): { q: string; lang: 'fr' | 'en' }[] {
  const random = rng(seed);
  const corpus = real.offerings
    .flatMap((o) => [...words(o.summary.fr).map((w) => ({ w, lang: 'fr' as const })), ...words(o.summary.en).map((w) => ({ w, lang: 'en' as const }))])
    .filter((x) => x.w.length >= 4);
  const out = [...labelled];
  while (out.length < count) {
    const a = corpus[Math.floor(random() * corpus.length)]!;
    const b = corpus[Math.floor(random() * corpus.length)]!;
    let q = `${a.w} ${b.w}`;
    if (random() < 0.25 && a.w.length >= 5) q = `${a.w.slice(0, 2)}${a.w.slice(3)} ${b.w}`; // a dropped letter
    out.push({ q, lang: a.lang });
  }
  return out.slice(0, count);
}

const SYLLABLES = {
  fr: ['ba', 'ché', 'lon', 'ri', 'tè', 'vau', 'mar', 'gi', 'que', 'sel', 'don', 'é', 'reau', 'vil', 'pré', 'cour'],
  en: ['ba', 'ker', 'lon', 'ri', 'ton', 'wick', 'mar', 'gil', 'ston', 'sel', 'don', 'ey', 'field', 'brook', 'ham', 'ford'],
};

function madeUpWords(count: number, random: () => number, lang: 'fr' | 'en'): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const n = 2 + Math.floor(random() * 3);
    out.add(Array.from({ length: n }, () => SYLLABLES[lang][Math.floor(random() * SYLLABLES[lang].length)]).join(''));
    if (out.size < count && random() < 0.3) out.add(`${[...out].pop()}${SYLLABLES[lang][Math.floor(random() * 16)]}`);
  }
  return [...out];
}
