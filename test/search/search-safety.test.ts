import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { SearchIndex } from '../../src/search/search-index';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

const index = SearchIndex.build(loadKnowledgeDir(REAL_KNOWLEDGE).kb!);

// Text lunr's own query parser throws on or reads as operators; here it is only text.
const ODD_INPUTS = [
  '',
  ' ',
  '*',
  '-',
  '+',
  '~',
  '^',
  ':',
  'plombier:',
  'prix: 20$',
  '--help',
  'plumber~',
  'foo^bar',
  '-francisation',
  '+francisation',
  'franc*',
  'title:francisation',
  '"cours de français"',
  '((()))',
  '\\',
  '\u0000',
  '\ud800',
  '💬🇨🇦😀',
  'é'.repeat(300),
  'français '.repeat(2000),
  'x'.repeat(10_000),
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'toString',
  'ｆｒａｎçａｉｓ',
  'ﬁnance',
  'ÉQUIVALENCE',
  'l\u2019aide sociale',
  'a\u0301ide',
];

describe('any text a user types is safe', () => {
  it.each(ODD_INPUTS.map((q) => [q.slice(0, 40), q]))('%j gives results or none, never an exception', (_label, q) => {
    for (const lang of ['fr', 'en'] as const) {
      const hits = index.search(q, { lang });
      expect(Array.isArray(hits)).toBe(true);
      for (const h of hits) expect(Number.isFinite(h.score)).toBe(true);
    }
  });

  it('treats operators as text: a leading minus excludes nothing, a star matches nothing by itself', () => {
    expect(index.search('-francisation')[0]?.id).toBe('francisation-quebec');
    expect(index.search('*')).toEqual([]);
    expect(index.search('')).toEqual([]);
  });

  it('still finds the real words beside an endless "word" (no typo correction past 25 letters)', () => {
    expect(index.search(`French classes ${'x'.repeat(400)}`, { lang: 'en' })[0]?.id).toBe('francisation-quebec');
    expect(index.search(`${'abcdefghijklmnopqrstuvwxyz'.repeat(10)} francisaton`)[0]?.id).toBe('francisation-quebec');
  });

  it('ignores a non-string query from a careless caller', () => {
    expect(index.search(undefined as unknown as string)).toEqual([]);
    expect(index.search({} as unknown as string)).toEqual([]);
  });
});
