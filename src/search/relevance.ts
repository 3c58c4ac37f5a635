import type { SearchHit } from './search-index';

/**
 * How sure a result list is to answer the question, from each hit's score times its coverage
 * (the share of the question's content words the offering answers): a strong score on one common
 * word of a longer question ("capitale" in "what is the capital of Australia") is not an answer.
 *
 * The two limits are measured, not guessed: test/search/relevance.test.ts runs the labelled queries
 * (test/fixtures/search-queries.jsonl, each answered by a known offering) and off-topic ones
 * (test/fixtures/off-topic-queries.jsonl) and checks them, printing the values to move them to
 * when the knowledge base changes. Measured on 2026-12-02 with the 44 offerings: the lowest
 * labelled query answered in the top 3 scored 7.0; the highest off-topic hit that could count as
 * an answer (see `canBeSure`) 14.3, and the highest of all 33.0 ("pain maison", one word of two).
 */
export const RELEVANCE_LIMITS = {
  /** Under this, nothing fits: no result list, an honest answer and 211 instead. */
  floor: 6,
  /** From this up, the results are shown as answers; between the two, as possible matches. */
  confident: 30,
} as const;

export type Relevance = 'none' | 'weak' | 'strong';

/** The relevance value of one hit (score × coverage). */
export const relevanceValue = (hit: SearchHit): number => hit.score * hit.coverage;

/**
 * A hit that answers one word of a longer question ("maison" in "comment faire du pain maison")
 * is at best a possible match, however high its score: an answer takes two words of the
 * question, or all of it.
 */
export const canBeSure = (hit: SearchHit): boolean => hit.coverage === 1 || hit.matchedWords >= 2;

export function relevanceOf(hits: readonly SearchHit[], limits: { floor: number; confident: number } = RELEVANCE_LIMITS): Relevance {
  const best = hits.reduce((max, h) => Math.max(max, relevanceValue(h)), 0);
  if (best < limits.floor) return 'none';
  return hits.some((h) => canBeSure(h) && relevanceValue(h) >= limits.confident) ? 'strong' : 'weak';
}
