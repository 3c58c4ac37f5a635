import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ReferralStore } from '../../src/referrals/referral-store';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { runCli } from '../helpers/run-cli';
import { startServer, type Running } from '../server/harness';

describe('npm run backup', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer({ store: true });
  });
  afterAll(async () => {
    await running.stop();
  });

  it('copies the live database consistently, referrals and knowledge versions included', async () => {
    const referrals = new ReferralStore(running.storage);
    const made = await Promise.all(
      Array.from({ length: 5 }, () =>
        referrals.create({ offeringId: 'francisation-quebec', facts: {}, language: 'fr', channel: 'msteams', caseworkerId: 'cw', consent: true }),
      ),
    );
    const target = join(running.dataDir, 'backup.sqlite');
    const env = { DATA_DIR: running.dataDir, KNOWLEDGE_DIR: 'knowledge' };
    // Writes go on while the backup runs.
    const during = Promise.all(
      Array.from({ length: 5 }, () =>
        referrals.create({ offeringId: 'service-211', facts: {}, language: 'en', channel: 'msteams', caseworkerId: 'cw', consent: true }),
      ),
    );
    const result = runCli('backup.ts', [target], env);
    await during;
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('integrity_check: ok') });

    const copy = new SqliteStorage(target);
    try {
      const copied = (await new ReferralStore(copy).all()).map((r) => r.id);
      expect(copied).toEqual(expect.arrayContaining(made.map((r) => r.id)));
      expect(Object.keys(await copy.read(['kb/versions']))).toEqual(['kb/versions']);
    } finally {
      copy.close();
    }
    expect(runCli('backup.ts', [target], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('exists') });
    rmSync(target);
  });

  it('refuses bad usage and Blob storage with a reason (exit 2)', () => {
    expect(runCli('backup.ts', [], { DATA_DIR: running.dataDir })).toMatchObject({ code: 2, stderr: expect.stringContaining('usage') });
    const blob = runCli('backup.ts', ['x.sqlite'], { STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true' });
    expect(blob).toMatchObject({ code: 2, stderr: expect.stringContaining('Azure Blob storage itself') });
    expect(existsSync('x.sqlite')).toBe(false);
  });
});
