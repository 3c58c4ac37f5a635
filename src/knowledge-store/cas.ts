import type { KeyValueStore } from '../storage/key-value-store';

/**
 * Optimistic concurrency over a KeyValueStore: read a document with its eTag, compute the new
 * one, write it under that eTag; when someone wrote in between, read again and recompute. A
 * missing document is created with the empty eTag, which the store refuses once the key exists
 * (SqliteStorage's contract, as for the referrals index), so two creators never overwrite each other.
 */

const MAX_RETRIES = 20;

/** What `change` decides: the document to write (none: leave it as is) and what to return. */
export interface Update<T, R> {
  write?: T;
  result: R;
}

export async function readDoc<T>(store: KeyValueStore, key: string): Promise<T | undefined> {
  return withoutEtag<T>((await store.read([key]))[key]);
}

/** `change` may run several times and may throw to refuse: nothing is written then. */
export async function updateWithRetry<T extends object, R>(store: KeyValueStore, key: string, change: (current: T | undefined) => Update<T, R>): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const item = (await store.read([key]))[key];
    const { write, result } = change(withoutEtag<T>(item));
    if (write === undefined) return result;
    const eTag = typeof item?.eTag === 'string' ? item.eTag : '';
    try {
      await store.write({ [key]: { ...write, eTag } });
      return result;
    } catch (e) {
      if (attempt >= MAX_RETRIES || !isConflict(e)) throw e;
      // Someone else wrote it in between: wait a little, at random, so retries spread out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
    }
  }
}

/** An eTag conflict, as botbuilder's storages report it (a message, or HTTP 412 from Blob storage). */
export const isConflict = (e: unknown): boolean => /etag/i.test(String((e as Error)?.message)) || (e as { statusCode?: number })?.statusCode === 412;

function withoutEtag<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { eTag: _eTag, ...value } = item;
  return value as T;
}
