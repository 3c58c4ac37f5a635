import type { RawKnowledge } from '../../src/knowledge/knowledge-base';
import { loadKnowledgeDir, readKnowledgeDir } from '../../src/knowledge/read-dir';
import {
  DraftInvalidError,
  InvalidOfferingError,
  NothingToPublishError,
  NotFoundError,
  NotSeededError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../../src/knowledge-store/errors';
import { KnowledgeStore } from '../../src/knowledge-store/knowledge-store';
import { REAL_KNOWLEDGE, sampleOffering, REAL_OFFERINGS } from '../helpers/knowledge-fixture';
import { MemoryStore } from './memory-store';

const NOW = new Date('2026-11-29T12:00:00Z');
const real = (): RawKnowledge => readKnowledgeDir(REAL_KNOWLEDGE).raw;
const REAL_VERSION = loadKnowledgeDir(REAL_KNOWLEDGE).kb!.version;
const ID = 'francisation-quebec';

async function seeded(): Promise<{ kv: MemoryStore; store: KnowledgeStore }> {
  const kv = new MemoryStore();
  const store = new KnowledgeStore(kv, { now: () => NOW });
  await store.ensureSeeded(real());
  return { kv, store };
}

/** The offering as `who` sees it (live, with their change set's edits), with `name.en` replaced. */
async function renamed(store: KnowledgeStore, id: string, en: string, who = 'alice') {
  const { etag, data } = (await store.getDraft(id, who))!;
  const offering = data as { name: { fr: string; en: string } };
  return { etag, data: { ...offering, name: { ...offering.name, en } }, before: offering.name.en };
}

describe('seeding', () => {
  it('stores the files as version 1, the draft as a copy, and logs it, once', async () => {
    const { store } = await seeded();
    expect(await store.head()).toEqual({ current: 1, latest: 1 });
    const { version, kb } = await store.current();
    expect(version).toEqual({
      number: 1,
      publishedAt: NOW.toISOString(),
      publishedBy: 'seed',
      kind: 'seed',
      contentVersion: REAL_VERSION,
      offerings: REAL_OFFERINGS,
    });
    expect(kb.version).toBe(REAL_VERSION);
    expect((await store.listDraft()).map((o) => o.id)).toEqual(kb.offerings.map((o) => o.id));

    expect(await store.ensureSeeded(real())).toEqual({ seeded: false, version });
    expect(await store.versions()).toEqual([version]);
    expect(await store.audit()).toEqual([{ seq: 1, at: NOW.toISOString(), who: 'seed', action: 'seed', version: 1 }]);
  });

  it('refuses invalid knowledge with its problems and stores nothing', async () => {
    const store = new KnowledgeStore(new MemoryStore());
    const raw = real();
    raw.offerings[0] = { ...raw.offerings[0]!, data: { ...(raw.offerings[0]!.data as object), categories: ['astrology'] } };
    const error = (await store.ensureSeeded(raw).catch((e: unknown) => e)) as DraftInvalidError;
    expect(error).toBeInstanceOf(DraftInvalidError);
    expect(error.problems).toContainEqual(expect.objectContaining({ path: 'categories.0', severity: 'error' }));
    expect(await store.isSeeded()).toBe(false);
    await expect(store.head()).rejects.toBeInstanceOf(NotSeededError);
  });
});

describe("editing one's own change set through the offering API", () => {
  it('updates an offering with its ETag and logs exactly the field that changed', async () => {
    const { store } = await seeded();
    const { etag, data, before } = await renamed(store, ID, 'Francisation Québec — free French classes');
    const result = await store.putDraft(ID, data, { ifMatch: etag, who: 'alice' });
    expect(result).toEqual({ etag: expect.stringMatching(/^[0-9a-f]{16}$/), created: false });
    expect(result.etag).not.toBe(etag);
    expect(await store.getDraft(ID, 'alice')).toEqual({ etag: result.etag, data });
    // Alice's edit is hers: what is live, and what Bob sees, is unchanged.
    expect(await store.getDraft(ID, 'bob')).toEqual({ etag, data: (await store.getDraft(ID))!.data });
    expect((await store.getDraft(ID))!.etag).toBe(etag);
    const [entry] = await store.audit({ limit: 1 });
    expect(entry).toEqual({
      seq: 2,
      at: NOW.toISOString(),
      who: 'alice',
      action: 'put',
      offeringId: ID,
      changeSet: expect.stringMatching(/^cs-[0-9a-f]{10}$/),
      changes: [{ path: 'name.en', before, after: 'Francisation Québec — free French classes' }],
    });
  });

  it('changes and logs nothing when the data is identical', async () => {
    const { kv, store } = await seeded();
    const { etag, data } = (await store.getDraft(ID))!;
    await store.changeSets.personal('alice');
    const writes = kv.writes;
    expect(await store.putDraft(ID, data, { ifMatch: etag, who: 'alice' })).toEqual({ etag, created: false });
    expect(kv.writes).toBe(writes);
    expect(await store.audit()).toHaveLength(1);
  });

  it('creates an offering without an ETag; the log lists its fields, with no before', async () => {
    const { store } = await seeded();
    const data = sampleOffering();
    const { etag, created } = await store.putDraft('cooking-classes', data, { who: 'alice' });
    expect(created).toBe(true);
    expect(await store.getDraft('cooking-classes', 'alice')).toEqual({ etag, data });
    expect(await store.getDraft('cooking-classes')).toBeUndefined();
    const [entry] = await store.audit({ limit: 1 });
    expect(entry!.changes).toEqual(Object.entries(data).map(([path, after]) => ({ path, after })));
    expect(entry!.changes![0]).not.toHaveProperty('before');
  });

  it('requires the ETag to change an existing offering (428), and the current one (412)', async () => {
    const { store } = await seeded();
    const { etag, data } = await renamed(store, ID, 'Changed');
    await expect(store.putDraft(ID, data, { who: 'alice' })).rejects.toBeInstanceOf(PreconditionRequiredError);
    await expect(store.putDraft(ID, data, { ifMatch: '*', who: 'alice' })).rejects.toBeInstanceOf(PreconditionRequiredError);
    await expect(store.putDraft(ID, data, { ifMatch: '0123456789abcdef', who: 'alice' })).rejects.toMatchObject({
      name: 'PreconditionFailedError',
      currentEtag: etag,
    });
    // A quoted HTTP header value is the same ETag.
    const { etag: next } = await store.putDraft(ID, data, { ifMatch: `"${etag}"`, who: 'alice' });
    await expect(store.putDraft(ID, { ...data, languages: ['en'] }, { ifMatch: etag, who: 'alice' })).rejects.toMatchObject({ currentEtag: next });
    expect((await store.audit()).filter((e) => e.action === 'put')).toHaveLength(1);
  });

  it('refuses an ETag (even *) for an offering that does not exist (412)', async () => {
    const { store } = await seeded();
    for (const ifMatch of ['0123456789abcdef', '*']) {
      const error = await store.putDraft('new-one', sampleOffering(), { ifMatch, who: 'alice' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PreconditionFailedError);
      expect((error as PreconditionFailedError).currentEtag).toBeUndefined();
    }
    expect(await store.getDraft('new-one')).toBeUndefined();
  });

  it('lets exactly one of two puts with the same ETag win (one editor, two tabs)', async () => {
    const { store } = await seeded();
    const a = await renamed(store, ID, 'Version A');
    const b = await renamed(store, ID, 'Version B');
    const results = await Promise.allSettled([
      store.putDraft(ID, a.data, { ifMatch: a.etag, who: 'alice' }),
      store.putDraft(ID, b.data, { ifMatch: b.etag, who: 'alice' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(PreconditionFailedError);
    const winner = results[0].status === 'fulfilled' ? a : b;
    expect((await store.getDraft(ID, 'alice'))!.data).toEqual(winner.data);
    expect(await store.changeSets.list({ owner: 'alice', status: ['open'] })).toHaveLength(1);
    expect((await store.audit()).filter((e) => e.action === 'put')).toHaveLength(1);
  });

  it('keeps both of two concurrent puts of different offerings', async () => {
    const { store } = await seeded();
    const a = await renamed(store, ID, 'Version A');
    const b = await renamed(store, 'pasi', 'PASI renamed', 'bob');
    await Promise.all([
      store.putDraft(ID, a.data, { ifMatch: a.etag, who: 'alice' }),
      store.putDraft('pasi', b.data, { ifMatch: b.etag, who: 'bob' }),
      store.putDraft('cooking-classes', sampleOffering(), { who: 'carol' }),
    ]);
    expect((await store.getDraft(ID, 'alice'))!.data).toEqual(a.data);
    expect((await store.getDraft('pasi', 'bob'))!.data).toEqual(b.data);
    expect(await store.getDraft('cooking-classes', 'carol')).toBeDefined();
    const puts = (await store.audit()).filter((e) => e.action === 'put');
    expect(puts.map((e) => e.offeringId).sort()).toEqual(['cooking-classes', ID, 'pasi'].sort());
    expect(new Set(puts.map((e) => e.seq)).size).toBe(3);
  });

  it('reports every error of an invalid offering with its path, and stores nothing', async () => {
    const { store } = await seeded();
    const bad = sampleOffering({ name: { fr: 'Cours' }, categories: ['astrology'], sources: [], colour: 'blue' });
    const error = (await store.putDraft('Bad_Id', bad, { who: 'alice' }).catch((e: unknown) => e)) as InvalidOfferingError;
    expect(error).toBeInstanceOf(InvalidOfferingError);
    expect(error.errors).toEqual([
      { path: '', message: '"Bad_Id" is not a valid offering id (kebab-case: a-z, 0-9, -)' },
      { path: 'name.en', message: 'missing English translation' },
      { path: 'categories.0', message: expect.stringMatching(/^must be one of: /) },
      { path: 'sources', message: 'at least one source' },
      { path: '', message: 'unknown field: colour' },
    ]);
    const mismatch = (await store.putDraft('cooking', sampleOffering({ id: 'baking' }), { who: 'alice' }).catch((e: unknown) => e)) as InvalidOfferingError;
    expect(mismatch.errors).toEqual([{ path: 'id', message: '"baking" differs from the offering id "cooking"' }]);
    expect(await store.listDraft()).toHaveLength(REAL_OFFERINGS);
    expect(await store.audit()).toHaveLength(1);
  });

  it('deletes with the ETag: 404 when absent, 428 without, 412 when stale; logs the removed fields', async () => {
    const { store } = await seeded();
    await expect(store.deleteDraft('nope', { ifMatch: 'x', who: 'alice' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.deleteDraft(ID, { who: 'alice' })).rejects.toBeInstanceOf(PreconditionRequiredError);
    await expect(store.deleteDraft(ID, { ifMatch: '0123456789abcdef', who: 'alice' })).rejects.toBeInstanceOf(PreconditionFailedError);
    const { etag, data } = (await store.getDraft(ID))!;
    await store.deleteDraft(ID, { ifMatch: etag, who: 'alice' });
    expect(await store.getDraft(ID, 'alice')).toBeUndefined();
    expect(await store.getDraft(ID)).toBeDefined(); // live until Alice's change set is published
    const [entry] = await store.audit({ limit: 1 });
    expect(entry).toMatchObject({ action: 'delete', offeringId: ID, who: 'alice' });
    expect(entry!.changes).toEqual(Object.entries(data as object).map(([path, before]) => ({ path, before })));
  });
});

describe('publishing', () => {
  it('is all or nothing: when the audit entry cannot be written, the version is not served', async () => {
    const { kv, store } = await seeded();
    const { etag, data } = await renamed(store, ID, 'Francisation Québec (renamed)');
    await store.putDraft(ID, data, { ifMatch: etag, who: 'alice' });
    const write = kv.write.bind(kv);
    kv.write = async (changes) => {
      if (Object.keys(changes).some((k) => k.startsWith('kb/audit'))) throw new Error('storage down');
      return write(changes);
    };
    await expect(store.publish({ who: 'alice' })).rejects.toThrow('storage down');
    kv.write = write;
    expect((await store.head()).current).toBe(1);
    // Once the storage is back, the same draft publishes, with its audit entry.
    const published = await store.publish({ who: 'alice' });
    expect((await store.head()).current).toBe(published.version.number);
    expect((await store.audit())[0]).toMatchObject({ action: 'publish', version: published.version.number, who: 'alice' });
  });

  it('refuses a draft with an error, with every problem, and keeps serving the current version', async () => {
    const { store } = await seeded();
    const rules = { all: [{ fact: 'shoeSize', min: 40 }] };
    await store.putDraft('cooking-classes', sampleOffering({ eligibility: { rules, notes: { fr: 'x', en: 'x' } } }), { who: 'alice' });
    expect(await store.validateDraft('alice')).toContainEqual(
      expect.objectContaining({ file: 'offerings/cooking-classes.yaml', path: 'eligibility.rules.all.0.fact', severity: 'error' }),
    );
    const error = (await store.publish({ who: 'alice' }).catch((e: unknown) => e)) as DraftInvalidError;
    expect(error).toBeInstanceOf(DraftInvalidError);
    expect(error.problems).toContainEqual(
      expect.objectContaining({ file: 'offerings/cooking-classes.yaml', path: 'eligibility.rules.all.0.fact', severity: 'error' }),
    );
    expect(await store.head()).toEqual({ current: 1, latest: 1 });
    expect((await store.current()).kb.version).toBe(REAL_VERSION);
    expect((await store.audit()).map((e) => e.action)).toEqual(['put', 'seed']);
  });

  it("publishes an editor's change set as version 2, never another's, then has nothing left to publish", async () => {
    const { store } = await seeded();
    const { etag, data } = await renamed(store, ID, 'Free French classes');
    await store.putDraft(ID, data, { ifMatch: etag, who: 'alice' });
    await store.putDraft('cooking-classes', sampleOffering(), { who: 'alice' });
    // Bob's unfinished edit of another offering stays his.
    const pasi = await renamed(store, 'pasi', 'PASI — work in progress', 'bob');
    await store.putDraft('pasi', pasi.data, { ifMatch: pasi.etag, who: 'bob' });
    const { version, kb, changes } = await store.publish({ who: 'alice', note: 'new name' });
    expect(version).toMatchObject({
      number: 2,
      publishedBy: 'alice',
      kind: 'publish',
      note: 'new name',
      contentVersion: kb.version,
      offerings: REAL_OFFERINGS + 1,
    });
    expect(changes).toEqual({ added: ['cooking-classes'], changed: [ID], removed: [], facts: false, glossary: false, safety: false });
    expect(await store.head()).toEqual({ current: 2, latest: 2 });
    expect((await store.current()).kb.get(ID)!.name.en).toBe('Free French classes');
    expect((await store.versions()).map((v) => v.number)).toEqual([2, 1]);
    expect((await store.audit({ limit: 1 }))[0]).toMatchObject({ action: 'publish', who: 'alice', version: 2, note: 'new name', content: changes });
    expect((await store.current()).kb.get('pasi')!.name.en).not.toBe('PASI — work in progress');
    expect(((await store.getDraft('pasi', 'bob'))!.data as { name: { en: string } }).name.en).toBe('PASI — work in progress');

    const again = (await store.publish({ who: 'alice' }).catch((e: unknown) => e)) as NothingToPublishError;
    expect(again).toBeInstanceOf(NothingToPublishError);
    expect(again.current).toBe(2);
  });

  it('rolls back as a new version with the old content', async () => {
    const { store } = await seeded();
    const { etag, data, before } = await renamed(store, ID, 'Free French classes');
    await store.putDraft(ID, data, { ifMatch: etag, who: 'alice' });
    await store.publish({ who: 'alice' });
    await expect(store.rollback(9, { who: 'bob' })).rejects.toBeInstanceOf(NotFoundError);

    const { version, kb, changes } = await store.rollback(1, { who: 'bob' });
    expect(version).toMatchObject({ number: 3, kind: 'rollback', rollbackOf: 1, contentVersion: REAL_VERSION });
    expect(kb.version).toBe(REAL_VERSION);
    expect(changes.changed).toEqual([ID]);
    expect(await store.head()).toEqual({ current: 3, latest: 3 });
    expect((await store.version(2)).contentVersion).not.toBe(REAL_VERSION);
    expect(((await store.getDraft(ID))!.data as { name: { en: string } }).name.en).toBe(before);
    expect((await store.audit({ limit: 1 }))[0]).toMatchObject({ action: 'rollback', version: 3, rollbackOf: 1 });
    await expect(store.rollback(1, { who: 'bob' })).rejects.toBeInstanceOf(NothingToPublishError);
  });

  it('imports files as a new version, listing what changed; invalid files change nothing', async () => {
    const { store } = await seeded();
    const raw = real();
    const broken = { ...raw, offerings: [...raw.offerings, { file: 'x/offerings/bad.yaml', id: 'bad', data: sampleOffering({ categories: [] }) }] };
    const error = (await store.importRaw(broken, { who: 'cli' }).catch((e: unknown) => e)) as DraftInvalidError;
    expect(error.problems).toContainEqual({ file: 'x/offerings/bad.yaml', path: 'categories', message: 'at least one category', severity: 'error' });
    expect(await store.head()).toEqual({ current: 1, latest: 1 });

    const next: RawKnowledge = {
      ...raw,
      offerings: [...raw.offerings.filter((o) => o.id !== 'pasi'), { file: 'x/offerings/cooking.yaml', id: 'cooking', data: sampleOffering() }],
    };
    const { version, changes } = await store.importRaw(next, { who: 'cli', note: 'spring review' });
    expect(version).toMatchObject({ number: 2, kind: 'import', publishedBy: 'cli', offerings: REAL_OFFERINGS });
    expect(changes).toEqual({ added: ['cooking'], changed: [], removed: ['pasi'], facts: false, glossary: false, safety: false });
    expect(await store.getDraft('pasi')).toBeUndefined();
    expect((await store.audit({ limit: 1 }))[0]).toMatchObject({ action: 'import', version: 2, note: 'spring review', content: changes });
    await expect(store.importRaw(next, { who: 'cli' })).rejects.toBeInstanceOf(NothingToPublishError);
  });

  it('exports the current version and any older one', async () => {
    const { store } = await seeded();
    await store.putDraft('cooking', sampleOffering(), { who: 'alice' });
    await store.publish({ who: 'alice' });
    expect(Object.keys((await store.exportCurrent()).content.offerings)).toContain('cooking');
    const { version, content } = await store.snapshot(1);
    expect(version.number).toBe(1);
    expect(Object.keys(content.offerings)).not.toContain('cooking');
    await expect(store.snapshot(0)).rejects.toBeInstanceOf(NotFoundError);
  });
});
