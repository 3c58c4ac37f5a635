import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config';

/**
 * DATA_DIR exists (created when missing) and can be written, checked once at start: the database
 * and the search index live there. A read-only or unreachable folder stops start-up with one line
 * that names the setting and the reason, not a stack trace from deep in SQLite.
 */
export function ensureDataDir(dataDir: string): void {
  const probe = join(dataDir, `.write-check-${process.pid}`);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'read-only file system',
      ENOTDIR: 'a file is in the way',
      ENOSPC: 'no space left',
    };
    throw new ConfigError([`DATA_DIR=${JSON.stringify(dataDir)}: cannot be written (${code}: ${why[code] ?? 'see the folder'})`]);
  }
}
