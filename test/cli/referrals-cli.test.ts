import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReferralStore } from '../../src/referrals/referral-store';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { runCli } from '../helpers/run-cli';

/** `npm run --silent referrals -- ...` */
const referrals = (args: string[], dataDir: string, env: Record<string, string> = {}) => runCli('referrals.ts', args, { DATA_DIR: dataDir, ...env });

describe('npm run referrals', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-refcli-'));
  beforeAll(async () => {
    const storage = SqliteStorage.inDataDir(dataDir);
    let now = new Date('2024-01-10T10:00:00Z');
    const store = new ReferralStore(storage, () => now);
    const base = { facts: { age: 34, status: 'permanent-resident' }, language: 'fr' as const, channel: 'msteams', caseworkerId: 'cw-1', consent: true };
    await store.create({ ...base, offeringId: 'aide-sociale' });
    now = new Date();
    await store.create({ ...base, offeringId: 'francisation-quebec' });
    storage.close();
  });

  it('export --format json gives every referral without the facts', () => {
    const r = referrals(['export', '--format', 'json'], dataDir);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.map((x) => x.offeringId)).toEqual(['aide-sociale', 'francisation-quebec']);
    for (const row of rows) expect(row).not.toHaveProperty('facts');
  });

  it('export --format csv --with-facts adds the facts column', () => {
    const r = referrals(['export', '--format', 'csv', '--with-facts'], dataDir);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('id,reference,offeringId,status,language,channel,caseworkerId,createdAt,updatedAt,facts');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"{""age"":34,""status"":""permanent-resident""}"');
  });

  it('exits 2 on a bad format', () => {
    expect(referrals(['export', '--format', 'xml'], dataDir).code).toBe(2);
  });

  it('purge deletes referrals older than REFERRAL_RETENTION_DAYS', () => {
    const r = referrals(['purge'], dataDir, { REFERRAL_RETENTION_DAYS: '365' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^purged 1 referral\(s\) older than 365 days/);
    const left = JSON.parse(referrals(['export', '--format', 'json'], dataDir).stdout) as { offeringId: string }[];
    expect(left.map((x) => x.offeringId)).toEqual(['francisation-quebec']);
  });
});
