import type { SearchHit } from './search-index';

/**
 * How sure a result list is to answer the question, from each hit's score times its coverage
 * (the share of the question's content words the offering answers): a strong score on one common
 * word of a longer question ("capitale" in "what is the capital of Australia") is not an answer.
 *
 * The two limits are measured, not guessed: test/search/relevance.test.ts runs the labelled queries
 * (test/fixtures/search-queries.jsonl, each answered by a known offering) and off-topic ones
 * (test/fixtures/off-topic-queries.jsonl) and checks them, printing the values to move them to
 * when the knowledge base changes. Measured on 2026-12-02 with the 36 offerings: the lowest
 * labelled query answered in the top 3 scored 7.5, the highest off-topic one 29.3.
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

export function relevanceOf(hits: readonly SearchHit[], limits: { floor: number; confident: number } = RELEVANCE_LIMITS): Relevance {
  const best = hits.reduce((max, h) => Math.max(max, relevanceValue(h)), 0);
  if (best < limits.floor) return 'none';
  return best < limits.confident ? 'weak' : 'strong';
}
