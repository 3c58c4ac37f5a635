import { KnowledgeStore } from '../../src/knowledge-store/knowledge-store';
import { readKnowledgeDir } from '../../src/knowledge/read-dir';
import { ReferralStore } from '../../src/referrals/referral-store';
import { BlobStateStorage } from '../../src/storage/blob-storage';
import { Azurite } from '../helpers/azurite';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

/** The storage contract the bot, referrals and the knowledge store rely on, against Azurite. */
describe('BlobStateStorage on Azurite', () => {
  const azurite = new Azurite();
  let storage: BlobStateStorage;

  beforeAll(async () => {
    storage = new BlobStateStorage(await azurite.start(), 'contract');
  }, 60_000);
  afterAll(async () => {
    await azurite.dispose();
  });

  it('reads what it wrote, French and emoji included, with an eTag', async () => {
    await storage.write({ 'directline/conversations/abc/': { text: 'Français : éàü — “guillemets” 😀', eTag: '*' } });
    const read = await storage.read(['directline/conversations/abc/', 'missing']);
    expect(read).toEqual({ 'directline/conversations/abc/': { text: 'Français : éàü — “guillemets” 😀', eTag: expect.any(String) } });
  });

  it('refuses a stale eTag and a second create-only write, keeping the first', async () => {
    await storage.write({ item: { v: 1, eTag: '' } });
    await expect(storage.write({ item: { v: 2, eTag: '' } })).rejects.toThrow(/eTag conflict/);
    const { eTag } = (await storage.read(['item'])).item as { eTag: string };
    await storage.write({ item: { v: 3, eTag } });
    await expect(storage.write({ item: { v: 4, eTag } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read(['item'])).item).toMatchObject({ v: 3 });
    await storage.delete(['item', 'never-there']);
    expect(await storage.read(['item'])).toEqual({});
  });

  it('keeps every referral created at once by two stores (two instances)', async () => {
    const a = new ReferralStore(storage);
    const b = new ReferralStore(new BlobStateStorage(azurite.connectionString, 'contract'));
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).create({
          offeringId: 'francisation-quebec',
          facts: {},
          language: 'fr',
          channel: 'msteams',
          caseworkerId: `cw-${i % 3}`,
          consent: true,
        }),
      ),
    );
    const all = await a.all();
    expect(all.map((r) => r.id).sort()).toEqual(made.map((r) => r.id).sort());
  });

  it('holds the knowledge store: seed, publish, every version and the audit after reopening', async () => {
    const { raw } = readKnowledgeDir(REAL_KNOWLEDGE);
    const store = new KnowledgeStore(storage);
    await store.ensureSeeded(raw);
    const etag = (await store.getDraft('service-211'))!.etag;
    const data = (await store.getDraft('service-211'))!.data as { summary: { en: string } };
    await store.putDraft('service-211', { ...data, summary: { ...data.summary, en: `${data.summary.en} Updated.` } }, { ifMatch: etag, who: 'alice' });
    await store.publish({ who: 'alice' });
    const reopened = new KnowledgeStore(new BlobStateStorage(azurite.connectionString, 'contract'));
    expect(await reopened.head()).toEqual({ current: 2, latest: 2 });
    expect((await reopened.audit()).map((e) => e.action)).toEqual(['publish', 'put', 'seed']);
    expect((await reopened.current()).kb.get('service-211')!.summary.en).toMatch(/Updated\.$/);
  });

  it("forgets a property of items not saved since a date (idle conversations' client facts)", async () => {
    await storage.write({
      'msteams/conversations/idle/': { clientTask: { facts: { age: 30 } }, dialogState: { x: 1 }, eTag: '*' },
      'msteams/users/u1/': { clientTask: 'kept: not a conversation', eTag: '*' },
    });
    expect(await storage.removeStaleProperty('clientTask', '/conversations/', new Date(Date.now() - 60_000))).toBe(0);
    expect(await storage.removeStaleProperty('clientTask', '/conversations/', new Date(Date.now() + 60_000))).toBe(1);
    const after = await storage.read(['msteams/conversations/idle/', 'msteams/users/u1/']);
    expect(after['msteams/conversations/idle/']).toEqual({ dialogState: { x: 1 }, eTag: expect.any(String) });
    expect(after['msteams/users/u1/']).toMatchObject({ clientTask: 'kept: not a conversation' });
  });

  it('deletes items under a prefix not saved since a date', async () => {
    await storage.write({ 'dedupe/aaa': { at: 1, eTag: '' }, 'dedupe/bbb': { at: 2, eTag: '' }, 'other/ccc': { at: 3, eTag: '' } });
    expect(await storage.deleteOlderThan('dedupe/', new Date(Date.now() - 60_000))).toBe(0);
    expect(await storage.deleteOlderThan('dedupe/', new Date(Date.now() + 60_000))).toBe(2);
    expect(Object.keys(await storage.read(['dedupe/aaa', 'dedupe/bbb', 'other/ccc']))).toEqual(['other/ccc']);
  });

  it('answers ping while Azurite runs, false while it is down, true again when it is back', async () => {
    expect(await storage.ping()).toBe(true);
    await azurite.stop();
    expect(await storage.ping()).toBe(false);
    await expect(storage.read(['x'])).rejects.toThrow();
    await azurite.start();
    expect(await storage.ping()).toBe(true);
    expect(Object.keys(await storage.read(['directline/conversations/abc/']))).toHaveLength(1);
  });
});
