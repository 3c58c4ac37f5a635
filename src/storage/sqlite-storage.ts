import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';

export const STATE_FILE = 'state.sqlite';

/** Thrown when a write carries an eTag that is no longer the stored one (someone wrote in between). */
export class EtagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'EtagConflictError';
  }
}

interface Row {
  key: string;
  etag: string;
  value: string;
}

/**
 * botbuilder `Storage` over one SQLite file (WAL), for ConversationState and UserState.
 * Same contract as botbuilder's MemoryStorage: each write gets a new eTag; a write whose eTag is
 * neither absent nor `*` must match the stored one, else the whole batch is refused. Writes run in
 * an IMMEDIATE transaction, so the check holds across processes sharing the file.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly selectMany: Database.Statement<[string], Row>;
  private readonly selectEtag: Database.Statement<[string], { etag: string }>;
  private readonly upsert: Database.Statement<[string, string, string, number]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly writeBatch: (changes: [string, Record<string, unknown>][]) => void;

  constructor(
    readonly file: string,
    /** How long a write waits for another process's lock before failing (the storage call budget). */
    busyTimeoutMs = 3_000,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL'); // durable at each checkpoint; WAL keeps the file consistent
    // Another process may hold the write lock briefly; past the budget the call fails (SQLite calls are synchronous: no signal to abort).
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS state (
      key TEXT PRIMARY KEY,
      etag TEXT NOT NULL,
      value TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    )`);
    this.selectMany = this.db.prepare('SELECT key, etag, value FROM state WHERE key IN (SELECT value FROM json_each(?))');
    this.selectEtag = this.db.prepare('SELECT etag FROM state WHERE key = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO state (key, etag, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated_at = excluded.updated_at',
    );
    this.remove = this.db.prepare('DELETE FROM state WHERE key = ?');
    const batch = this.db.transaction((changes: [string, Record<string, unknown>][]) => {
      for (const [key, item] of changes) {
        const expected = item.eTag;
        if (typeof expected === 'string' && expected !== '*') {
          const stored = this.selectEtag.get(key);
          if (stored && stored.etag !== expected) throw new EtagConflictError(key);
        }
      }
      const now = Date.now();
      for (const [key, item] of changes) {
        // The eTag lives in its own column, never inside the stored value.
        const { eTag: _old, ...value } = item;
        this.upsert.run(key, newEtag(), JSON.stringify(value), now);
      }
    });
    this.writeBatch = (changes) => batch.immediate(changes);
  }

  /** The file under DATA_DIR that holds the bot's state. */
  static inDataDir(dataDir: string, busyTimeoutMs?: number): SqliteStorage {
    return new SqliteStorage(join(dataDir, STATE_FILE), busyTimeoutMs);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    for (const row of this.selectMany.all(JSON.stringify(keys))) {
      items[row.key] = { ...(JSON.parse(row.value) as Record<string, unknown>), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    this.writeBatch(Object.entries(changes) as [string, Record<string, unknown>][]);
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    this.db.transaction(() => keys.forEach((k) => this.remove.run(k)))();
  }

  /**
   * Removes one property from the items whose key contains `keyPart` and that nobody wrote since
   * `before`; each changed item gets a new eTag. Used to forget client facts left behind in idle
   * conversations. Returns how many items changed.
   */
  removeStaleProperty(property: string, keyPart: string, before: Date): number {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(property)) throw new RangeError(`not a plain property name: ${property}`);
    const path = `$.${property}`;
    return this.db
      .prepare(
        'UPDATE state SET value = json_remove(value, ?), etag = lower(hex(randomblob(8))), updated_at = ? WHERE instr(key, ?) > 0 AND updated_at < ? AND json_extract(value, ?) IS NOT NULL',
      )
      .run(path, Date.now(), keyPart, before.getTime(), path).changes;
  }

  /** Keys that start with `prefix` of items nobody wrote since `before`. */
  async keysOlderThan(prefix: string, before: Date): Promise<string[]> {
    const rows = this.db
      .prepare('SELECT key FROM state WHERE substr(key, 1, ?) = ? AND updated_at < ? ORDER BY key')
      .all(prefix.length, prefix, before.getTime()) as { key: string }[];
    return rows.map((r) => r.key);
  }

  /**
   * A consistent copy of the database to `file` while the server keeps running (SQLite's online
   * backup: pages copied in steps, writes in between are carried over).
   */
  async backup(file: string): Promise<void> {
    await this.db.backup(file);
  }

  /** For readiness: true when the database answers. */
  ping(): boolean {
    try {
      return this.db.open && this.db.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function newEtag(): string {
  return randomBytes(8).toString('hex');
}
