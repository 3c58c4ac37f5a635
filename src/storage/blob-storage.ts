import type { TokenCredential } from '@azure/identity';
import { ContainerClient, RestError } from '@azure/storage-blob';
import type { Storage, StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import { withinBudget } from './time-budget';

const PING_TIMEOUT_MS = 2_000;
/** A storage call's time budget by default (STORAGE_CALL_BUDGET_MS). */
export const DEFAULT_CALL_BUDGET_MS = 3_000;
/**
 * The SDK's default retries back off for minutes; a person is waiting for an answer. Two quick
 * tries, then the turn fails with a clear apology and /readyz says 503 until storage is back.
 */
const PIPELINE = { retryOptions: { maxTries: 2, tryTimeoutInMs: 5_000, retryDelayInMs: 200, maxRetryDelayInMs: 1_000 } };

/** The message BlobsStorage (and our SQLite storage) give a refused write: callers retry on it. */
const conflict = (key: string) => new Error(`Storage: error writing "${key}" due to eTag conflict.`);

/**
 * Azure Blob storage through botbuilder's own BlobsStorage, with what several instances need on
 * top of it:
 * - create-only writes: an item written with `eTag: ''` must not exist yet (If-None-Match: *), as
 *   with SqliteStorage; BlobsStorage would overwrite it. Referral and knowledge indexes rely on it.
 * - recovery: BlobsStorage keeps the promise of its first "create the container" call, so a start
 *   while Blob storage is unreachable would fail forever; the promise is dropped after a failure.
 * - `ping()` for /readyz.
 * - a time budget per call (`callBudgetMs`): a hanging connection fails the call, with the
 *   request aborted where the SDK takes a signal, instead of hanging the turn.
 */
export class BlobStateStorage implements Storage {
  private readonly inner: BlobsStorage;
  private readonly container: ContainerClient;

  constructor(
    /** A connection string (account key, Azurite), or the account URL with a token credential (a managed identity). */
    account: string | { accountUrl: string; credential: TokenCredential },
    containerName: string,
    private readonly callBudgetMs = DEFAULT_CALL_BUDGET_MS,
  ) {
    if (typeof account === 'string') {
      this.inner = new BlobsStorage(account, containerName, { storagePipelineOptions: PIPELINE });
      this.container = new ContainerClient(account, containerName, PIPELINE);
    } else {
      const url = `${account.accountUrl.replace(/\/+$/, '')}/${containerName}`;
      this.inner = new BlobsStorage('', containerName, { storagePipelineOptions: PIPELINE }, url, account.credential);
      this.container = new ContainerClient(url, account.credential, PIPELINE);
    }
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.recovering('blob read', () => this.inner.read(keys));
  }

  async write(changes: StoreItems): Promise<void> {
    const createOnly = Object.entries(changes).filter(([, item]) => (item as { eTag?: unknown }).eTag === '');
    const others = Object.fromEntries(Object.entries(changes).filter(([, item]) => (item as { eTag?: unknown }).eTag !== ''));
    await this.recovering('blob write', async (signal) => {
      if (Object.keys(others).length > 0) await this.inner.write(others);
      for (const [key, item] of createOnly) await this.create(key, item as Record<string, unknown>, signal);
    });
  }

  delete(keys: string[]): Promise<void> {
    return this.recovering('blob delete', () => this.inner.delete(keys));
  }

  /**
   * Removes `property` from the items whose key contains `keyPart` and which were not written
   * since `before` (the same job as SqliteStorage's, for idle conversations' client facts). Blob
   * names are the encoded keys, and a blob's last-modified time is when the item was last saved.
   * Each item is rewritten with its eTag: one saved meanwhile is left alone.
   */
  async removeStaleProperty(property: string, keyPart: string, before: Date): Promise<number> {
    const part = sanitizeBlobKey(`x${keyPart}x`).slice(1, -1);
    const stale: string[] = [];
    for await (const blob of this.container.listBlobsFlat()) {
      const modified = blob.properties.lastModified;
      if (blob.name.includes(part) && modified && modified < before) stale.push(blob.name);
    }
    let changed = 0;
    for (const name of stale) {
      const key = decodeURIComponent(name);
      const item = (await this.read([key]))[key] as Record<string, unknown> | undefined;
      if (!item || !(property in item)) continue;
      const { [property]: _removed, ...rest } = item;
      try {
        await this.write({ [key]: rest });
        changed++;
      } catch (err) {
        if (!/eTag conflict/.test(String(err))) throw err;
      }
    }
    return changed;
  }

  /** Deletes the items whose key starts with `prefix` and which were not saved since `before`. */
  async deleteOlderThan(prefix: string, before: Date): Promise<number> {
    const keys = await this.keysOlderThan(prefix, before);
    await this.delete(keys);
    return keys.length;
  }

  /** Keys that start with `prefix` of items not saved since `before` (a blob's last-modified time is its last save). */
  async keysOlderThan(prefix: string, before: Date): Promise<string[]> {
    const keys: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: sanitizeBlobKey(prefix) })) {
      const modified = blob.properties.lastModified;
      if (modified && modified < before) keys.push(decodeURIComponent(blob.name));
    }
    return keys;
  }

  /** True when the container answers within 2 s. */
  async ping(): Promise<boolean> {
    try {
      return await this.container.exists({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) });
    } catch {
      return false;
    }
  }

  private async create(key: string, item: Record<string, unknown>, abortSignal: AbortSignal): Promise<void> {
    const { eTag: _eTag, ...value } = item;
    const body = JSON.stringify(value);
    try {
      await this.container.getBlockBlobClient(sanitizeBlobKey(key)).upload(body, Buffer.byteLength(body), {
        conditions: { ifNoneMatch: '*' },
        abortSignal,
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
    } catch (err) {
      if (err instanceof RestError && (err.statusCode === 409 || err.statusCode === 412)) throw conflict(key);
      throw err;
    }
  }

  private async recovering<T>(what: string, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await withinBudget(what, this.callBudgetMs, operation);
    } catch (err) {
      // Retry creating the container next time instead of failing forever on a stale promise.
      (this.inner as unknown as { _initializePromise?: Promise<unknown> })._initializePromise = undefined;
      throw err;
    }
  }
}
