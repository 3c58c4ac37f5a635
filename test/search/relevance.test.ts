import { readFileSync } from 'node:fs';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { canBeSure, RELEVANCE_LIMITS, relevanceOf, relevanceValue } from '../../src/search/relevance';
import { SearchIndex } from '../../src/search/search-index';
import { fromPackageRoot } from '../../src/package-root';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';
import { QUERIES_FILE, readQueries } from './quality';

const kb = loadKnowledgeDir(REAL_KNOWLEDGE).kb!;
const index = SearchIndex.build(kb);
const onTopic = readQueries(readFileSync(fromPackageRoot(QUERIES_FILE), 'utf8'));
const offTopic = readFileSync(fromPackageRoot('test', 'fixtures', 'off-topic-queries.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { q: string; lang: 'fr' | 'en' });

const hitsOf = (q: { q: string; lang: 'fr' | 'en' }) => index.search(q.q, { lang: q.lang, limit: 5 });
const best = (q: { q: string; lang: 'fr' | 'en' }) => Math.max(0, ...hitsOf(q).map(relevanceValue));

describe('the relevance floor, calibrated on labelled and off-topic queries', () => {
  // Labelled queries that search answers (an expected offering in the top 3): the floor must keep them all.
  const answered = onTopic.filter((q) =>
    hitsOf(q)
      .slice(0, 3)
      .some((h) => q.expected.includes(h.id)),
  );
  const lowestAnswered = Math.min(...answered.map(best));
  // Off-topic hits that could count as answers (two words of the question, or all of it).
  const highestOff = Math.max(...offTopic.map((q) => Math.max(0, ...hitsOf(q).filter(canBeSure).map(relevanceValue))));

  it('ships at least 60 off-topic queries in both languages', () => {
    expect(offTopic.length).toBeGreaterThanOrEqual(60);
    expect(new Set(offTopic.map((q) => q.lang))).toEqual(new Set(['fr', 'en']));
  });

  it('never says "nothing fits" to a question search answers, and never shows off-topic results as answers', () => {
    const counts = { none: 0, weak: 0, strong: 0 };
    for (const q of offTopic) counts[relevanceOf(hitsOf(q))]++;
    const onCounts = { none: 0, weak: 0, strong: 0 };
    for (const q of answered) onCounts[relevanceOf(hitsOf(q))]++;
    console.log(
      `relevance limits ${JSON.stringify(RELEVANCE_LIMITS)}; measured: lowest answered labelled query ${lowestAnswered.toFixed(1)}, highest off-topic that could be an answer ${highestOff.toFixed(1)}\n` +
        `off-topic (${offTopic.length}): none ${counts.none}, weak ${counts.weak}, strong ${counts.strong}; answered labelled (${answered.length}): none ${onCounts.none}, weak ${onCounts.weak}, strong ${onCounts.strong}`,
    );
    expect(lowestAnswered).toBeGreaterThanOrEqual(RELEVANCE_LIMITS.floor);
    expect(highestOff).toBeLessThan(RELEVANCE_LIMITS.confident);
    expect(counts.strong).toBe(0);
    expect(onCounts.none).toBe(0);
    // Most off-topic questions get the honest answer, not a hedged list.
    expect(counts.none / offTopic.length).toBeGreaterThanOrEqual(0.65);
  });

  it('takes one word of a longer question for a possible match at best, however high its score', () => {
    const bread = index.search('comment faire du pain maison', { lang: 'fr' });
    expect(bread[0]).toMatchObject({ id: 'sos-violence-conjugale', matchedWords: 1 });
    expect(relevanceValue(bread[0]!)).toBeGreaterThan(RELEVANCE_LIMITS.confident);
    expect(relevanceOf(bread)).toBe('weak');
    expect(relevanceOf(index.search("maison d'hébergement pour femmes", { lang: 'fr' }))).toBe('strong');
  });

  it('answers "what\'s the weather" with nothing', () => {
    expect(relevanceOf(index.search("what's the weather", { lang: 'en' }))).toBe('none');
    expect(relevanceOf(index.search('quel temps fait-il', { lang: 'fr' }))).not.toBe('strong');
  });
});
