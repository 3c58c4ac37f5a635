import type { KeyValueStore } from '../storage/key-value-store';
import type { AuditEntry, NewAuditEntry } from './audit';
import { readDoc, updateWithRetry } from './cas';

/** Entries per page document: small enough that appending rewrites little, large enough to read few pages. */
export const AUDIT_PAGE_SIZE = 100;

const HEAD_KEY = 'kb/audit';
const pageKey = (page: number) => `kb/audit/${page}`;
/** Pages are numbered from 1: entries 1–100 on page 1, 101–200 on page 2… */
const pageOf = (seq: number) => Math.ceil(seq / AUDIT_PAGE_SIZE);

interface AuditHead {
  pages: number;
  count: number;
}
interface AuditPage {
  entries: AuditEntry[];
}

/**
 * The append-only audit log, in pages (`kb/audit/<page>`) under a head document (`kb/audit`).
 * Appending first takes the next number from the head, then adds the entry to its page, both
 * with eTag retries: concurrent writers get distinct numbers and never lose an entry.
 */
export class AuditLog {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date,
  ) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const seq = await updateWithRetry<AuditHead, number>(this.store, HEAD_KEY, (head) => {
      const next = (head?.count ?? 0) + 1;
      return { write: { pages: pageOf(next), count: next }, result: next };
    });
    const full: AuditEntry = { seq, at: this.now().toISOString(), ...entry };
    await updateWithRetry<AuditPage, void>(this.store, pageKey(pageOf(seq)), (page) => ({
      // A later number may have landed first: keep the page in order.
      write: { entries: [...(page?.entries ?? []), full].sort((a, b) => a.seq - b.seq) },
      result: undefined,
    }));
    return full;
  }

  /** Newest first: at most `limit` entries numbered below `before` (for paging: the last seq seen). */
  async list(options: { limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
    const head = await readDoc<AuditHead>(this.store, HEAD_KEY);
    if (!head) return [];
    const last = Math.min(head.count, (options.before ?? Infinity) - 1);
    const out: AuditEntry[] = [];
    for (let page = pageOf(last); page >= 1 && out.length < limit; page--) {
      const entries = (await readDoc<AuditPage>(this.store, pageKey(page)))?.entries ?? [];
      out.push(
        ...entries
          .filter((e) => e.seq <= last)
          .reverse()
          .slice(0, limit - out.length),
      );
    }
    return out;
  }
}
