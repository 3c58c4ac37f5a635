import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createI18n } from '../../src/i18n/load-locales';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { exportRows, toCsv } from '../../src/referrals/export';
import { referralLetter } from '../../src/referrals/letter';
import { schedulePurge } from '../../src/referrals/purge-schedule';
import { ConsentRequiredError, ReferralNotFoundError, ReferralStore } from '../../src/referrals/referral-store';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

const file = () => join(mkdtempSync(join(tmpdir(), 'passerelle-ref-')), 'state.sqlite');
const input = (caseworkerId = 'cw-1') => ({
  offeringId: 'francisation-quebec',
  facts: { age: 34 },
  language: 'fr' as const,
  channel: 'msteams',
  caseworkerId,
  consent: true,
});

describe('referrals', () => {
  it('are stored only with consent', async () => {
    const store = new ReferralStore(new SqliteStorage(file()));
    await expect(store.create({ ...input(), consent: false })).rejects.toBeInstanceOf(ConsentRequiredError);
    expect(await store.all()).toEqual([]);
  });

  it('survive a restart, with id, reference, status and only the facts given', async () => {
    const path = file();
    const first = new SqliteStorage(path);
    const created = await new ReferralStore(first).create(input());
    expect(created).toMatchObject({
      status: 'created',
      offeringId: 'francisation-quebec',
      facts: { age: 34 },
      language: 'fr',
      channel: 'msteams',
      caseworkerId: 'cw-1',
    });
    expect(created.reference).toMatch(/^PAS-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    first.close?.();
    const again = new ReferralStore(new SqliteStorage(path));
    expect(await again.all()).toEqual([created]);
  });

  it('are listed for their own caseworker only, and only they change the status', async () => {
    const store = new ReferralStore(new SqliteStorage(file()));
    const mine = await store.create(input('cw-1'));
    await store.create(input('cw-2'));
    expect((await store.listFor('cw-1')).map((r) => r.id)).toEqual([mine.id]);
    await expect(store.setStatus('cw-2', mine.id, 'closed')).rejects.toBeInstanceOf(ReferralNotFoundError);
    expect((await store.setStatus('cw-1', mine.id, 'sent')).status).toBe('sent');
    expect((await store.listFor('cw-1'))[0]!.status).toBe('sent');
  });

  it('keep every entry when two stores write at once', async () => {
    const path = file();
    const a = new ReferralStore(new SqliteStorage(path));
    const b = new ReferralStore(new SqliteStorage(path));
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).create(input(`cw-${i}`))));
    expect(await a.all()).toHaveLength(10);
  });

  it('are purged after the retention period', async () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const store = new ReferralStore(new SqliteStorage(file()), () => now);
    await store.create(input());
    now = new Date('2025-12-01T00:00:00Z');
    const recent = await store.create(input());
    now = new Date('2026-01-15T00:00:00Z');
    expect(await store.purgeOlderThan(365)).toBe(1);
    expect((await store.all()).map((r) => r.id)).toEqual([recent.id]);
  });

  it('export without facts unless asked, as JSON rows or CSV', async () => {
    const store = new ReferralStore(new SqliteStorage(file()));
    await store.create(input());
    const all = await store.all();
    expect(exportRows(all, false)[0]).not.toHaveProperty('facts');
    expect(exportRows(all, true)[0]).toHaveProperty('facts', { age: 34 });
    const csv = toCsv(exportRows(all, true), true).split('\r\n');
    expect(csv[0]).toBe('id,reference,offeringId,status,language,channel,caseworkerId,createdAt,updatedAt,facts');
    expect(csv[1]).toContain('"{""age"":34}"');
  });
});

describe('the referral letter', () => {
  const kb = loadKnowledgeDir(REAL_KNOWLEDGE).kb!;
  const i18n = createI18n();
  const referral = {
    id: '00000000-0000-4000-8000-000000000000',
    reference: 'PAS-7K3M-Q9TX',
    offeringId: 'francisation-quebec',
    facts: {},
    language: 'fr' as const,
    channel: 'msteams',
    caseworkerId: 'cw',
    createdAt: '2026-11-29T15:00:00.000Z',
    updatedAt: '2026-11-29T15:00:00.000Z',
    status: 'created' as const,
    events: [],
    discreet: false,
  };

  it.each(['fr', 'en'] as const)("is written in the client's language (%s) with contact, documents, next steps and reference", (lang) => {
    const offering = kb.get('francisation-quebec')!;
    const letter = referralLetter({ ...referral, language: lang }, offering, i18n.getFixedT(lang, 'referral'));
    expect(letter).toContain(offering.name[lang]);
    expect(letter).toContain('PAS-7K3M-Q9TX');
    expect(letter).toContain('514 864-9191');
    expect(letter).toContain(offering.documents[0]![lang]);
    expect(letter).toContain(lang === 'fr' ? 'Prochaines étapes' : 'Next steps');
    expect(letter).toContain(lang === 'fr' ? '29 novembre 2026' : 'November 29, 2026');
  });
});

describe('the scheduled purge', () => {
  it('purges at once, then on its schedule, and stops', async () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const store = new ReferralStore(new SqliteStorage(file()), () => now);
    await store.create(input());
    now = new Date('2026-06-01T00:00:00Z');
    const reports: number[] = [];
    const stop = schedulePurge(store, 365, (n) => reports.push(n), 20);
    for (let i = 0; i < 200 && reports.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    stop();
    const count = reports.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(reports[0]).toBe(1);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(reports.length).toBe(count);
    expect(await store.all()).toEqual([]);
  });
});
