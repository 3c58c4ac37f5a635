import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { LoadedOffering } from '../knowledge/offering-schema';
import type { Localized } from '../knowledge/localized';
import { LANGUAGES, type Category, type Language, type Region } from '../knowledge/vocabulary';
import { ANALYZER_VERSION, analyze, foldDiacritics, termOf, words } from './analyzer';
import { Glossary } from './glossary';
import { hasTerm, lunr, TokenSets, type TokenSet } from './lunr-languages';

/**
 * One lunr index over both languages. Each field holds the French text analyzed with the French
 * pipeline and the English text analyzed with the English one (see analyzer.ts); a query is
 * analyzed both ways, so a question in either language finds an offering. Field boosts rank
 * name > keywords > summary > description.
 *
 * Queries are built with lunr's query builder, never its query parser: any text a user types is
 * safe (lunr's syntax `: ^ ~ + - *` is just punctuation here).
 */

export interface SearchHit {
  id: string;
  score: number;
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
  /** Folded words of the corpus, sorted: the vocabulary typo correction works from. */
  vocabulary: string[];
  lunr: object;
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
  private readonly byId: Map<string, LoadedOffering>;

  private constructor(
    private readonly kb: KnowledgeBase,
    private readonly index: lunr.Index,
    private readonly vocabulary: string[],
  ) {
    this.vocabularySet = TokenSets.fromArray(vocabulary);
    this.glossary = new Glossary(kb.glossary);
    this.byId = new Map(kb.offerings.map((o) => [o.id, o]));
  }

  get kbVersion(): string {
    return this.kb.version;
  }

  static build(kb: KnowledgeBase): SearchIndex {
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
              for (const w of words(text)) if (w.length >= 3) vocabulary.add(foldDiacritics(w));
            }
          }
          doc[f.name] = terms;
        }
        this.add(doc);
      }
    });
    for (const w of new Glossary(kb.glossary).singleWords()) vocabulary.add(w);
    return new SearchIndex(kb, index, [...vocabulary].sort());
  }

  /** Restores a saved index; undefined when it was built from other knowledge or another analyzer. */
  static load(kb: KnowledgeBase, saved: unknown): SearchIndex | undefined {
    const s = saved as Partial<SerializedIndex> | null;
    if (!s || s.format !== 'passerelle-search' || s.analyzerVersion !== ANALYZER_VERSION || s.kbVersion !== kb.version) return undefined;
    if (!Array.isArray(s.vocabulary) || !s.lunr) return undefined;
    return new SearchIndex(kb, lunr.Index.load(s.lunr), s.vocabulary);
  }

  serialize(): SerializedIndex {
    return { format: 'passerelle-search', analyzerVersion: ANALYZER_VERSION, kbVersion: this.kb.version, vocabulary: this.vocabulary, lunr: this.index.toJSON() };
  }

  search(text: string, options: SearchOptions = {}): SearchHit[] {
    const lang = options.lang ?? 'fr';
    const limit = options.limit ?? 10;
    const clauses = this.clauses(typeof text === 'string' ? text : '', lang);
    if (clauses.size === 0) return [];
    const results = this.index.query((q) => {
      for (const [term, c] of clauses) {
        q.term(term, { usePipeline: false, boost: c.boost, editDistance: 0, wildcard: lunr.Query.wildcard.NONE, presence: lunr.Query.presence.OPTIONAL });
      }
    });
    const hits: SearchHit[] = [];
    for (const r of results) {
      const o = this.byId.get(r.ref);
      if (!o || !matchesFilters(o, options)) continue;
      hits.push({ id: o.id, score: Math.round(r.score * 1000) / 1000, name: o.name });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  /**
   * The terms to look for, each with its boost: the query's words analyzed in the user's language
   * (strongest) and in the other one, glossary synonyms, and for words the index lacks, the
   * corpus words within one or two typos or that start with them.
   */
  private clauses(text: string, lang: Language): Map<string, { boost: number }> {
    const other: Language = lang === 'fr' ? 'en' : 'fr';
    const clauses = new Map<string, { boost: number }>();
    const add = (term: string | undefined, boost: number) => {
      if (!term) return;
      const c = clauses.get(term);
      if (!c || c.boost < boost) clauses.set(term, { boost });
    };
    const queryWords = words(text.slice(0, MAX_QUERY_CHARS)).slice(0, 64);
    const folded = queryWords.map(foldDiacritics);
    const { terms: synonyms, covered } = this.glossary.expand(folded);
    for (const t of synonyms) add(t, BOOST.glossary);

    let counted = 0;
    for (let i = 0; i < queryWords.length && counted < MAX_QUERY_WORDS; i++) {
      const word = queryWords[i]!;
      const own = termOf(word, lang);
      if (!own) continue; // a stop word in the user's language
      counted++;
      const alt = termOf(word, other);
      const known = this.has(own) || (alt !== undefined && this.has(alt));
      if (known) {
        add(this.has(own) ? own : undefined, BOOST.exact);
        add(alt && this.has(alt) ? alt : undefined, BOOST.otherLanguage);
      } else if (!covered.has(i)) {
        for (const w of this.corrections(folded[i]!)) {
          add(this.existing(termOf(w, lang)), BOOST.correction);
          add(this.existing(termOf(w, other)), BOOST.correction);
          for (const t of this.glossary.expand([w]).terms) add(t, BOOST.correction);
        }
      }
    }
    return clauses;
  }

  private has(term: string): boolean {
    return hasTerm(this.index, term);
  }

  private existing(term: string | undefined): string | undefined {
    return term !== undefined && this.has(term) ? term : undefined;
  }

  /** Corpus words one typo away (two for long words), or that begin with the word. */
  private corrections(word: string): string[] {
    if (word.length < 4 || !/^\p{L}+$/u.test(word)) return [];
    const found: string[] = [];
    if (word.length >= 5) {
      const distance = word.length >= 9 ? 2 : 1;
      found.push(...this.vocabularySet.intersect(TokenSets.fromFuzzyString(word, distance)).toArray());
    }
    if (found.length === 0) found.push(...this.vocabularySet.intersect(TokenSets.fromString(`${word}*`)).toArray());
    return found.sort((a, b) => Math.abs(a.length - word.length) - Math.abs(b.length - word.length)).slice(0, MAX_CORRECTIONS);
  }
}

function matchesFilters(o: LoadedOffering, f: SearchOptions): boolean {
  if (f.categories?.length && !o.categories.some((c) => f.categories!.includes(c))) return false;
  if (f.region && o.regions !== 'all' && !o.regions.includes(f.region)) return false;
  if (f.serviceLanguage && !o.languages.includes(f.serviceLanguage)) return false;
  return true;
}
