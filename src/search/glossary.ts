import type { Glossary as GlossaryData } from '../knowledge/glossary-schema';
import { foldDiacritics } from '../text/fold';
import { analyze, words } from './analyzer';

const MAX_PHRASE_WORDS = 4;

/**
 * Query expansion from `knowledge/glossary.yaml`: when a query mentions any member of a group
 * ("welfare"), it also looks for every other member in both languages ("aide sociale",
 * "social assistance"). Matching is on folded words, so accents and case never matter.
 */
export class Glossary {
  /** Folded phrase ("aide sociale") → index terms of its whole group. */
  private readonly phrases = new Map<string, string[]>();

  constructor(groups: GlossaryData) {
    for (const group of groups) {
      const terms = [...new Set([...group.fr.flatMap((t) => analyze(t, 'fr')), ...group.en.flatMap((t) => analyze(t, 'en'))])];
      for (const phrase of [...group.fr, ...group.en]) {
        const key = words(phrase).map(foldDiacritics).join(' ');
        if (!key) continue;
        this.phrases.set(key, [...new Set([...(this.phrases.get(key) ?? []), ...terms])]);
      }
    }
  }

  /** Terms of every group the folded query words mention, and which word positions they covered (each phrase found: its terms and positions). */
  expand(folded: readonly string[]): { terms: Set<string>; covered: Set<number>; found: { terms: string[]; positions: number[] }[] } {
    const terms = new Set<string>();
    const covered = new Set<number>();
    const matches: { terms: string[]; positions: number[] }[] = [];
    for (let n = Math.min(MAX_PHRASE_WORDS, folded.length); n >= 1; n--) {
      for (let i = 0; i + n <= folded.length; i++) {
        if (covered.has(i)) continue;
        const found = this.phrases.get(folded.slice(i, i + n).join(' '));
        if (!found) continue;
        for (const t of found) terms.add(t);
        const positions: number[] = [];
        for (let k = i; k < i + n; k++) {
          covered.add(k);
          positions.push(k);
        }
        matches.push({ terms: found, positions });
      }
    }
    return { terms, covered, found: matches };
  }

  /** One-word members, for typo correction toward glossary words. */
  singleWords(): string[] {
    return [...this.phrases.keys()].filter((k) => !k.includes(' ') && k.length >= 3);
  }
}
