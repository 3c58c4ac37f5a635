/**
 * The part of botbuilder's `Storage` contract referrals need, so this module stays free of
 * botbuilder: any bot storage (SQLite, Blob, memory) is one. Items carry an `eTag`; writing an
 * item with a stale eTag fails, which is how concurrent updates of the index are detected.
 */
export interface KeyValueStore {
  read(keys: string[]): Promise<Record<string, Record<string, unknown> | undefined>>;
  write(changes: Record<string, Record<string, unknown>>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}
