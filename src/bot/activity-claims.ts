import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../storage/key-value-store';
import { RecentIds } from './recent-ids';

/** Who answers an activity: the first to claim its ids; a repeat finds them claimed. */
export interface ActivityClaims {
  /** True when none of `keys` was claimed before (and now they are). */
  claim(keys: string[]): Promise<boolean>;
}

/** One instance: ids remembered in memory for ten minutes. */
export class LocalClaims implements ActivityClaims {
  constructor(private readonly recent = new RecentIds()) {}

  async claim(keys: string[]): Promise<boolean> {
    if (keys.some((k) => this.recent.has(k))) return false;
    for (const k of keys) this.recent.add(k);
    return true;
  }
}

/** Where shared claims live in storage: `dedupe/<hash>`, swept after ten minutes. */
export const CLAIM_PREFIX = 'dedupe/';

/**
 * Several instances: a redelivery may reach another instance than the first delivery (Teams
 * retries after about 15 s without an answer). Each id is also claimed in the shared storage with
 * a create-only write; the instance whose write is refused drops the activity. If storage cannot
 * be reached, the turn goes ahead (it would fail on its state anyway, with a clear message).
 */
export class SharedClaims implements ActivityClaims {
  constructor(
    private readonly store: KeyValueStore,
    private readonly local = new LocalClaims(),
  ) {}

  async claim(keys: string[]): Promise<boolean> {
    if (!(await this.local.claim(keys))) return false;
    const changes = Object.fromEntries(
      keys.map((k) => [`${CLAIM_PREFIX}${createHash('sha256').update(k).digest('hex').slice(0, 40)}`, { at: new Date().toISOString(), eTag: '' }]),
    );
    try {
      await this.store.write(changes);
      return true;
    } catch (err) {
      return !/eTag conflict/i.test(String(err));
    }
  }
}
