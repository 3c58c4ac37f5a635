import { z } from 'zod';
import { LANGUAGES } from '../../src/knowledge/vocabulary';
import type { SearchIndex } from '../../src/search/search-index';

/** The shipped benchmark of realistic queries with the offerings that answer them. */
export const QUERIES_FILE = 'test/fixtures/search-queries.jsonl';

const LabelledQuery = z.object({
  q: z.string(),
  lang: z.enum(LANGUAGES),
  expected: z.array(z.string()).min(1),
  kind: z.string().optional(),
});
export type LabelledQuery = z.infer<typeof LabelledQuery>;

export function readQueries(jsonl: string): LabelledQuery[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const parsed = LabelledQuery.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${QUERIES_FILE}: line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export interface QualityReport {
  count: number;
  recallAt1: number;
  recallAt3: number;
  /** Mean reciprocal rank of the first expected offering (0 when absent from the top 10). */
  mrr: number;
  misses: (LabelledQuery & { got: string[] })[];
}

export function evaluateQueries(index: SearchIndex, queries: readonly LabelledQuery[]): QualityReport {
  let at1 = 0;
  let at3 = 0;
  let rr = 0;
  const misses: QualityReport['misses'] = [];
  for (const q of queries) {
    const ids = index.search(q.q, { lang: q.lang, limit: 10 }).map((h) => h.id);
    const rank = ids.findIndex((id) => q.expected.includes(id));
    if (rank === 0) at1++;
    if (rank >= 0 && rank < 3) at3++;
    else misses.push({ ...q, got: ids.slice(0, 3) });
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  const n = queries.length || 1;
  return { count: queries.length, recallAt1: at1 / n, recallAt3: at3 / n, mrr: rr / n, misses };
}
