import { DefaultAzureCredential } from '@azure/identity';
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
  /** Keys under `prefix` of items not saved since `before` (idle web chat transcripts). */
  keysOlderThan(prefix: string, before: Date): Promise<string[]>;
};

/** STORAGE=sqlite (default, one instance) or STORAGE=blob (Azure Blob storage, several instances; a connection string or BLOB_ACCOUNT_URL with a managed identity). */
export function createStorage(config: Config): AppStorage {
  if (config.STORAGE === 'blob') {
    // A managed identity (or any identity DefaultAzureCredential finds) when the account URL is given: no key to keep.
    const account = config.BLOB_ACCOUNT_URL
      ? { accountUrl: config.BLOB_ACCOUNT_URL, credential: new DefaultAzureCredential() }
      : config.BLOB_CONNECTION_STRING!;
    return new BlobStateStorage(account, config.BLOB_CONTAINER, config.STORAGE_CALL_BUDGET_MS);
  }
  return SqliteStorage.inDataDir(config.DATA_DIR, config.STORAGE_CALL_BUDGET_MS);
}
