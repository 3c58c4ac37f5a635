import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { LoadedOffering } from '../knowledge/offering-schema';
import type { Localized } from '../knowledge/localized';
import { LANGUAGES, type Category, type Language, type Region } from '../knowledge/vocabulary';
import { foldDiacritics } from '../text/fold';
import { ANALYZER_VERSION, analyze, termOf, words } from './analyzer';
import { Glossary } from './glossary';
import { lunr, TokenSets, type TokenSet } from './lunr-languages';
import { Postings, type Clause, type SerializedPostings } from './postings';

/** The search the bot needs: `SearchIndex` satisfies it; tests may pass a stand-in. */
export interface OfferingSearch {
  search(text: string, options?: SearchOptions): SearchHit[];
}

/**
 * One lunr index over both languages. Each field holds the French text analyzed with the French
 * pipeline and the English text analyzed with the English one (see analyzer.ts); a query is
 * analyzed both ways, so a question in either language finds an offering. Field boosts rank
 * name > keywords > summary > description.
 *
 * lunr builds and weighs the index (BM25, field boosts); `Postings` keeps a flat copy of lunr's
 * weights, which is what is saved, loaded and scored (see postings.ts for why). Queries never go
 * through lunr's query parser, so any text a user types is safe (`: ^ ~ + - *` are punctuation):
 * each query word becomes weighted terms. Typo correction and prefixes use lunr's token-set
 * automata over the words of names, keywords and summaries.
 */

export interface SearchHit {
  id: string;
  score: number;
  /**
   * The share of the query's content words (not stop words) this offering answers, through the
   * word itself, its other-language form, a glossary synonym or a typo correction: 1 when every
   * word found something here. A weak best hit on one common word of a longer question is noise.
   */
  coverage: number;
  /** How many of the query's content words it answers (the numerator of `coverage`). */
  matchedWords: number;
  name: Localized;
}

export interface SearchOptions {
  /** The user's language: its analysis of the query weighs more, and its stop words are dropped. */
  lang?: Language;
  limit?: number;
  /** Keep offerings in any of these categories. */
  categories?: readonly Category[];
  /** Keep offerings that serve this region (or all regions). */
  region?: Region;
  /** Keep offerings given in this language (ISO 639-1). */
  serviceLanguage?: string;
}

export interface SerializedIndex {
  format: 'passerelle-search';
  analyzerVersion: number;
  kbVersion: string;
  /** Folded words of names, keywords and summaries, sorted: what typo correction corrects toward. */
  vocabulary: string[];
  postings: SerializedPostings;
}

const FIELDS = [
  { name: 'name', boost: 10 },
  { name: 'keywords', boost: 6 },
  { name: 'summary', boost: 3 },
  { name: 'description', boost: 1 },
] as const;
type FieldName = (typeof FIELDS)[number]['name'];

const MAX_QUERY_CHARS = 500;
const MAX_QUERY_WORDS = 12;
const MAX_CORRECTIONS = 6;
const MAX_CORRECTED_LENGTH = 25;
/** Typo correction costs more than a lookup: only the first few unknown words get it. */
const MAX_CORRECTED_WORDS = 4;
const BOOST = { exact: 10, otherLanguage: 6, glossary: 4, correction: 3 } as const;

/** The text of each field in each language. */
export function offeringFields(o: LoadedOffering): Record<FieldName, Record<Language, string[]>> {
  const both = (fr: string[], en: string[]) => ({ fr, en });
  return {
    name: both([o.name.fr, ...o.alternateNames], [o.name.en, ...o.alternateNames]),
    keywords: both([...o.keywords.fr, o.provider.name.fr], [...o.keywords.en, o.provider.name.en]),
    summary: both([o.summary.fr], [o.summary.en]),
    description: both([o.description.fr], [o.description.en]),
  };
}

export class SearchIndex {
  private readonly vocabularySet: TokenSet;
  private readonly glossary: Glossary;
  private readonly postings: Postings;
  /** Offering of each document number of `postings`. */
  private readonly docs: (LoadedOffering | undefined)[];
  /** Place names (one-word regions, Québec): where, not what; they do not count toward coverage. */
  private readonly placeWords: Set<string>;

  private constructor(
    private readonly kb: KnowledgeBase,
    postings: Postings,
    private readonly vocabulary: string[],
  ) {
    this.vocabularySet = TokenSets.fromArray(vocabulary);
    this.glossary = new Glossary(kb.glossary);
    this.postings = postings;
    this.docs = this.postings.refs.map((ref) => kb.get(ref));
    this.placeWords = placeWordsOf(kb);
  }

  static build(kb: KnowledgeBase): SearchIndex {
    const { index, vocabulary } = buildLunrIndex(kb);
    return new SearchIndex(kb, Postings.fromLunr(index), vocabulary);
  }

  /** Restores a saved index; undefined when it was built from other knowledge or another analyzer. */
  static load(kb: KnowledgeBase, saved: unknown): SearchIndex | undefined {
    const s = saved as Partial<SerializedIndex> | null;
    if (!s || s.format !== 'passerelle-search' || s.analyzerVersion !== ANALYZER_VERSION || s.kbVersion !== kb.version) return undefined;
    if (!Array.isArray(s.vocabulary) || !s.postings) return undefined;
    return new SearchIndex(kb, Postings.fromJSON(s.postings), s.vocabulary);
  }

  serialize(): SerializedIndex {
    return {
      format: 'passerelle-search',
      analyzerVersion: ANALYZER_VERSION,
      kbVersion: this.kb.version,
      vocabulary: this.vocabulary,
      postings: this.postings.toJSON(),
    };
  }

  search(text: string, options: SearchOptions = {}): SearchHit[] {
    const lang = options.lang ?? 'fr';
    const limit = options.limit ?? 10;
    const { clauses, content } = this.clauses(typeof text === 'string' ? text : '', lang);
    if (clauses.size === 0) return [];
    const hits = this.postings.top(clauses, limit, (doc) => {
      const o = this.docs[doc];
      return o !== undefined && matchesFilters(o, options);
    });
    const words = popcount(content);
    return hits.map(({ doc, score, mask }) => {
      const o = this.docs[doc]!;
      const matchedWords = popcount(mask & content);
      const coverage = words === 0 ? 1 : matchedWords / words;
      return { id: o.id, score: Math.round(score * 1000) / 1000, coverage: Math.round(coverage * 1000) / 1000, matchedWords, name: o.name };
    });
  }

  /**
   * The terms to look for, each with its boost: the query's words analyzed in the user's language
   * (strongest) and in the other one, glossary synonyms, and for words the index lacks, the
   * corpus words within one or two typos or that start with them.
   */
  private clauses(text: string, lang: Language): { clauses: Map<string, Clause>; content: number } {
    const other: Language = lang === 'fr' ? 'en' : 'fr';
    const clauses = new Map<string, Clause>();
    // Each term remembers which query words (bits by position, the first 32) it stands for.
    const add = (term: string | undefined, boost: number, mask: number) => {
      if (!term || !this.has(term)) return;
      const known = clauses.get(term);
      clauses.set(term, { boost: Math.max(boost, known?.boost ?? 0), mask: mask | (known?.mask ?? 0) });
    };
    const bit = (i: number) => (i < 32 ? 1 << i : 0);
    const queryWords = words(text.slice(0, MAX_QUERY_CHARS)).slice(0, 64);
    const folded = queryWords.map(foldDiacritics);
    const { covered, found } = this.glossary.expand(folded);
    for (const phrase of found) {
      const mask = phrase.positions.reduce((m, i) => m | bit(i), 0);
      for (const t of phrase.terms) add(t, BOOST.glossary, mask);
    }
    let content = 0;

    let counted = 0;
    let corrected = 0;
    for (let i = 0; i < queryWords.length && counted < MAX_QUERY_WORDS; i++) {
      const word = queryWords[i]!;
      const own = termOf(word, lang);
      if (!own) continue; // a stop word in the user's language
      counted++;
      if (!this.placeWords.has(folded[i]!.toLowerCase())) content |= bit(i);
      const alt = termOf(word, other);
      const known = this.has(own) || (alt !== undefined && this.has(alt));
      if (known) {
        add(own, BOOST.exact, bit(i));
        add(alt, BOOST.otherLanguage, bit(i));
      } else if (!covered.has(i) && corrected++ < MAX_CORRECTED_WORDS) {
        for (const w of this.corrections(folded[i]!)) {
          add(termOf(w, lang), BOOST.correction, bit(i));
          add(termOf(w, other), BOOST.correction, bit(i));
          for (const t of this.glossary.expand([w]).terms) add(t, BOOST.correction, bit(i));
        }
      }
    }
    return { clauses, content };
  }

  private has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Corpus words one typo away (two for words of 9 to 15 letters), or that begin with the word. */
  private corrections(word: string): string[] {
    // Automata for edit distance grow fast with length: no real word is over 25 letters.
    if (word.length < 4 || word.length > MAX_CORRECTED_LENGTH || !/^\p{L}+$/u.test(word)) return [];
    const found: string[] = [];
    if (word.length >= 5) {
      const distance = word.length >= 9 && word.length <= 15 ? 2 : 1;
      found.push(...this.vocabularySet.intersect(TokenSets.fromFuzzyString(word, distance)).toArray());
    }
    if (found.length === 0) found.push(...this.vocabularySet.intersect(TokenSets.fromString(`${word}*`)).toArray());
    return found.sort((a, b) => Math.abs(a.length - word.length) - Math.abs(b.length - word.length)).slice(0, MAX_CORRECTIONS);
  }
}

/** Folded one-word region names (Montréal, Laval, Estrie…) and Québec itself. */
function placeWordsOf(kb: KnowledgeBase): Set<string> {
  const region = kb.facts['region'];
  const labels = region?.type === 'enum' ? Object.values(region.options).flatMap((l) => [l.fr, l.en]) : [];
  const single = labels
    .map((l) => words(l))
    .filter((w) => w.length === 1)
    .map((w) => foldDiacritics(w[0]!));
  return new Set([...single, 'quebec']);
}

function popcount(n: number): number {
  let count = 0;
  for (let v = n >>> 0; v; v &= v - 1) count++;
  return count;
}

function matchesFilters(o: LoadedOffering, f: SearchOptions): boolean {
  if (f.categories?.length && !o.categories.some((c) => f.categories!.includes(c))) return false;
  if (f.region && o.regions !== 'all' && !o.regions.includes(f.region)) return false;
  if (f.serviceLanguage && !o.languages.includes(f.serviceLanguage)) return false;
  return true;
}

/** The lunr index of a knowledge base, and the words typo correction corrects toward. */
export function buildLunrIndex(kb: KnowledgeBase): { index: lunr.Index; vocabulary: string[] } {
  const vocabulary = new Set<string>();
  const index = lunr(function () {
    this.ref('id');
    for (const f of FIELDS) this.field(f.name, { boost: f.boost });
    // Terms arrive analyzed: lunr's own pipelines would analyze them a second time.
    this.pipeline.reset();
    this.searchPipeline.reset();
    for (const o of kb.offerings) {
      const fields = offeringFields(o);
      const doc: Record<string, string | string[]> = { id: o.id };
      for (const f of FIELDS) {
        const terms: string[] = [];
        for (const lang of LANGUAGES) {
          for (const text of fields[f.name][lang]) {
            terms.push(...analyze(text, lang));
            if (f.name !== 'description') for (const w of words(text)) if (w.length >= 4) vocabulary.add(foldDiacritics(w));
          }
        }
        doc[f.name] = terms;
      }
      this.add(doc);
    }
  });
  for (const w of new Glossary(kb.glossary).singleWords()) vocabulary.add(w);
  return { index, vocabulary: [...vocabulary].sort() };
}
