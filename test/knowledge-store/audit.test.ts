import { compareContent, diffFields } from '../../src/knowledge-store/audit';
import { AUDIT_PAGE_SIZE, AuditLog } from '../../src/knowledge-store/audit-log';
import { MemoryStore } from './memory-store';

describe('diffFields', () => {
  it('names each changed leaf with dots for fields and [i] for list items', () => {
    const before = { name: { fr: 'Un', en: 'One' }, sources: [{ url: 'https://a.example' }], languages: ['fr'] };
    const after = { name: { fr: 'Un', en: 'First' }, sources: [{ url: 'https://b.example', title: 'B' }], languages: ['fr', 'en'] };
    expect(diffFields(before, after)).toEqual([
      { path: 'name.en', before: 'One', after: 'First' },
      { path: 'sources[0].url', before: 'https://a.example', after: 'https://b.example' },
      { path: 'sources[0].title', after: 'B' },
      { path: 'languages[1]', after: 'en' },
    ]);
  });

  it('reports a value that changes kind whole, and nothing for equal values in another key order', () => {
    expect(diffFields({ regions: 'all' }, { regions: ['montreal'] })).toEqual([{ path: 'regions', before: 'all', after: ['montreal'] }]);
    expect(diffFields({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toEqual([]);
  });
});

describe('compareContent', () => {
  it('lists offerings added, changed and removed, and whether facts, glossary or safety changed', () => {
    const before = { facts: { age: 1 }, glossary: [], offerings: { a: { x: 1 }, b: { x: 1 }, c: { x: 1 } } };
    const after = { facts: { age: 1 }, glossary: [{ fr: ['x'], en: ['y'] }], offerings: { d: { x: 1 }, b: { x: 2 }, a: { x: 1 } } };
    expect(compareContent(before, after)).toEqual({ added: ['d'], changed: ['b'], removed: ['c'], facts: false, glossary: true, safety: false });
  });
});

describe('AuditLog', () => {
  it('keeps every entry of concurrent writers, numbered without gaps, across pages, newest first', async () => {
    const log = new AuditLog(new MemoryStore(), () => new Date('2026-11-29T12:00:00Z'));
    const total = AUDIT_PAGE_SIZE + 10;
    for (let i = 0; i < total - 20; i++) await log.append({ who: `admin-${i}`, action: 'put' });
    // The last 20 at once, across the first page boundary: two writers may find page 2 missing.
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.append({ who: `admin-${total - 20 + i}`, action: 'put' })));
    const all = await log.list({ limit: 1000 });
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => total - i));
    expect(new Set(all.map((e) => e.who)).size).toBe(total);
  });

  it('pages with limit and before', async () => {
    const log = new AuditLog(new MemoryStore(), () => new Date());
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) await log.append({ who: 'a', action: 'put' });
    expect((await log.list({ limit: 3 })).map((e) => e.seq)).toEqual([105, 104, 103]);
    expect((await log.list({ limit: 4, before: 103 })).map((e) => e.seq)).toEqual([102, 101, 100, 99]);
    expect((await log.list({ before: 3 })).map((e) => e.seq)).toEqual([2, 1]);
    expect(await log.list({ before: 1 })).toEqual([]);
  });
});
