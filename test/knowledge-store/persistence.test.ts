import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKnowledgeDir } from '../../src/knowledge/read-dir';
import { PreconditionFailedError } from '../../src/knowledge-store/errors';
import { KnowledgeStore } from '../../src/knowledge-store/knowledge-store';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { REAL_KNOWLEDGE, sampleOffering } from '../helpers/knowledge-fixture';

const tempDataDir = () => mkdtempSync(join(tmpdir(), 'passerelle-kbstore-'));

const rename = (data: unknown, en: string) => ({ ...(data as object), name: { ...(data as { name: object }).name, en } });

describe('the knowledge store in SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every version, the draft and the audit log across a restart', async () => {
    const first = SqliteStorage.inDataDir(dir);
    const store = new KnowledgeStore(first);
    await store.ensureSeeded(readKnowledgeDir(REAL_KNOWLEDGE).raw);
    await store.putDraft('cooking-classes', sampleOffering(), { who: 'alice' });
    await store.publish({ who: 'alice' });
    await store.rollback(1, { who: 'bob' });
    await store.putDraft('cooking-classes', sampleOffering(), { who: 'carol' });
    const before = { versions: await store.versions(), audit: await store.audit(), draft: await store.listDraft(), kb: (await store.current()).kb.version };
    first.close();

    const second = SqliteStorage.inDataDir(dir);
    const again = new KnowledgeStore(second);
    expect(await again.head()).toEqual({ current: 3, latest: 3 });
    expect(await again.versions()).toEqual(before.versions);
    expect((await again.audit()).map((e) => e.action)).toEqual(['put', 'rollback', 'publish', 'put', 'seed']);
    expect(await again.audit()).toEqual(before.audit);
    expect(await again.listDraft()).toEqual(before.draft);
    expect((await again.current()).kb.version).toBe(before.kb);
    expect((await again.version(2)).offerings).toHaveProperty('cooking-classes');
    second.close();
  });

  it('lets two instances sharing the file edit at once without losing an edit', async () => {
    const [a, b] = [SqliteStorage.inDataDir(dir), SqliteStorage.inDataDir(dir)];
    const storeA = new KnowledgeStore(a);
    const storeB = new KnowledgeStore(b);
    await Promise.all([storeA.ensureSeeded(readKnowledgeDir(REAL_KNOWLEDGE).raw), storeB.ensureSeeded(readKnowledgeDir(REAL_KNOWLEDGE).raw)]);
    expect((await storeA.audit()).filter((e) => e.action === 'seed')).toHaveLength(1);

    const pasi = (await storeA.getDraft('pasi'))!;
    const francisation = (await storeB.getDraft('francisation-quebec'))!;
    const results = await Promise.allSettled([
      // One admin in two tabs served by the two instances: one edit wins, the other is told.
      storeA.putDraft('pasi', rename(pasi.data, 'A'), { ifMatch: pasi.etag, who: 'a' }),
      storeB.putDraft('pasi', rename(pasi.data, 'B'), { ifMatch: pasi.etag, who: 'a' }),
      storeB.putDraft('francisation-quebec', rename(francisation.data, 'C'), { ifMatch: francisation.etag, who: 'b' }),
    ]);
    expect(results.map((r) => r.status).filter((s) => s === 'fulfilled')).toHaveLength(2);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(PreconditionFailedError) });
    expect(((await storeA.getDraft('francisation-quebec', 'b'))!.data as { name: { en: string } }).name.en).toBe('C');

    // Two change sets published at once from the two instances: both land, one after the other,
    // and the version served has both (the second is merged onto the first, never over it).
    const outcomes = await Promise.all([storeA.publish({ who: 'a' }), storeB.publish({ who: 'b' })]);
    expect(outcomes.map((r) => r.version.number).sort()).toEqual([2, 3]);
    expect(await storeB.head()).toEqual({ current: 3, latest: 3 });
    const { kb } = await storeA.current();
    expect(kb.get('francisation-quebec')!.name.en).toBe('C');
    expect(['A', 'B']).toContain(kb.get('pasi')!.name.en);
    a.close();
    b.close();
  });
});
