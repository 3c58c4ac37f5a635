import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { analyze } from '../../src/search/analyzer';
import { Postings } from '../../src/search/postings';
import { buildLunrIndex } from '../../src/search/search-index';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

const { index } = buildLunrIndex(loadKnowledgeDir(REAL_KNOWLEDGE).kb!);
const postings = Postings.fromLunr(index);

/** lunr's own answer for the same weighted terms. */
function lunrTop(query: Map<string, number>, limit: number) {
  return index
    .query((q) => {
      for (const [term, boost] of query) q.term(term, { usePipeline: false, boost });
    })
    .slice(0, limit)
    .map((r) => ({ ref: r.ref, score: r.score }));
}

describe("Postings, the flat copy of lunr's weights", () => {
  it.each([
    ['cours de français', 'fr'],
    ['social assistance welfare', 'en'],
    ['allocation famille enfants', 'fr'],
    ['health insurance card', 'en'],
    ['emploi immigrant diplôme', 'fr'],
  ] as const)('scores %j exactly as lunr does', (text, lang) => {
    const query = new Map(analyze(text, lang).map((t, i) => [t, 10 - i] as [string, number]));
    const ours = postings.top(query, 10).map((s) => ({ ref: postings.refs[s.doc], score: s.score }));
    const theirs = lunrTop(query, 10);
    expect(ours.map((o) => o.ref)).toEqual(theirs.map((t) => t.ref));
    ours.forEach((o, i) => expect(o.score).toBeCloseTo(theirs[i]!.score, 4));
  });

  it('survives a round trip through its stored form', () => {
    const copy = Postings.fromJSON(JSON.parse(JSON.stringify(postings.toJSON())));
    const query = new Map([[analyze('francisation', 'fr')[0]!, 1]]);
    expect(copy.top(query, 5)).toEqual(postings.top(query, 5));
  });

  it('applies the filter and the limit', () => {
    const query = new Map(analyze('aide emploi santé logement', 'fr').map((t) => [t, 1] as [string, number]));
    const all = postings.top(query, 100);
    const even = postings.top(query, 3, (d) => d % 2 === 0);
    expect(even.length).toBeLessThanOrEqual(3);
    for (const s of even) expect(s.doc % 2).toBe(0);
    expect(even.map((s) => s.doc)).toEqual(
      all
        .filter((s) => s.doc % 2 === 0)
        .slice(0, 3)
        .map((s) => s.doc),
    );
  });
});
