import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { loadConfig } from '../config';
import { SqliteStorage } from '../storage/sqlite-storage';

/**
 * `npm run --silent backup -- FILE`: a consistent copy of DATA_DIR's SQLite database (conversation
 * state, referrals, knowledge versions, audit log), safe while the server runs. The copy is
 * checked (`PRAGMA integrity_check`) before this reports success.
 */
async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const target = process.argv[2];
  if (!target || target.startsWith('-')) {
    console.error('usage: npm run --silent backup -- FILE');
    return 2;
  }
  const config = loadConfig();
  if (config.STORAGE !== 'sqlite') {
    console.error(
      'STORAGE=blob: back up the container with Azure Blob storage itself (soft delete, versioning, point-in-time restore or AzCopy); see docs/operations.md',
    );
    return 2;
  }
  if (existsSync(target)) {
    console.error(`${target} exists: choose a new file name`);
    return 2;
  }
  const storage = SqliteStorage.inDataDir(config.DATA_DIR);
  try {
    await storage.backup(target);
  } finally {
    storage.close();
  }
  const copy = new Database(target, { readonly: true });
  const check = copy.pragma('integrity_check', { simple: true });
  copy.close();
  if (check !== 'ok') {
    console.error(`the copy failed its integrity check: ${String(check)}`);
    return 1;
  }
  console.log(`backed up ${storage.file} to ${target} (integrity_check: ok)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
