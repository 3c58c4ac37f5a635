import type { Storage } from 'botbuilder';
import type { Config } from '../config';
import { BlobStateStorage } from './blob-storage';
import { SqliteStorage } from './sqlite-storage';

/** Storage the server runs on: state, referrals, knowledge versions and audit alike. */
export type AppStorage = Storage & {
  /** For /readyz: does the storage answer? */
  ping(): boolean | Promise<boolean>;
  close?(): void;
  /** Forgets `property` in items under `keyPart` not saved since `before`; returns how many changed. */
  removeStaleProperty(property: string, keyPart: string, before: Date): number | Promise<number>;
  /** Deletes items under `prefix` not saved since `before` (shared claims on repeated activities). */
  deleteOlderThan?(prefix: string, before: Date): Promise<number>;
};

/** STORAGE=sqlite (default, one instance) or STORAGE=blob (Azure Blob storage, several instances). */
export function createStorage(config: Config): AppStorage {
  if (config.STORAGE === 'blob') return new BlobStateStorage(config.BLOB_CONNECTION_STRING!, config.BLOB_CONTAINER, config.STORAGE_CALL_BUDGET_MS);
  return SqliteStorage.inDataDir(config.DATA_DIR, config.STORAGE_CALL_BUDGET_MS);
}
