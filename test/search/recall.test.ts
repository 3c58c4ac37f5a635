import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { SearchIndex } from '../../src/search/search-index';
import { evaluateQueries, QUERIES_FILE, readQueries } from './quality';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

const kb = loadKnowledgeDir(REAL_KNOWLEDGE).kb!;
const queries = readQueries(readFileSync(join(__dirname, '..', '..', QUERIES_FILE), 'utf8'));

describe('search quality on realistic queries', () => {
  it('ships at least 60 queries, half French and half English, each naming real offerings', () => {
    expect(queries.length).toBeGreaterThanOrEqual(60);
    const fr = queries.filter((q) => q.lang === 'fr').length;
    expect(Math.abs(fr - (queries.length - fr))).toBeLessThanOrEqual(queries.length * 0.1);
    for (const q of queries) for (const id of q.expected) expect(kb.get(id)).toBeDefined();
  });

  it('reaches recall@3 of at least 0.9', () => {
    const report = evaluateQueries(SearchIndex.build(kb), queries);
    console.log(
      `search quality over ${report.count} queries: recall@1 ${report.recallAt1.toFixed(3)}, recall@3 ${report.recallAt3.toFixed(3)}, MRR ${report.mrr.toFixed(3)}` +
        (report.misses.length
          ? `\nmissed at 3:\n${report.misses.map((m) => `  [${m.lang}] ${m.q} → ${m.got.join(', ') || '(nothing)'} (expected ${m.expected.join(' or ')})`).join('\n')}`
          : ''),
    );
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.9);
  });
});
