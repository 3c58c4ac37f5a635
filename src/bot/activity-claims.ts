import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../storage/key-value-store';
import { RecentIds } from './recent-ids';

/** An activity being answered: `done` once answered, `release` when its turn failed (a redelivery is answered). */
export interface Claim {
  done(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Who answers an activity: the first to claim its ids. A claim is an in-flight lease until its
 * turn is done; a turn that fails releases it, and one whose instance died lets it expire after
 * `leaseMs`, so a redelivery after a crash is answered once instead of dropped as a repeat.
 */
export interface ActivityClaims {
  /** A claim when none of `keys` is done or leased by a turn still running; undefined for a repeat. */
  claim(keys: string[]): Promise<Claim | undefined>;
}

/** The lease of a turn in progress: a bit more than the turn budget, under Teams' 15 s redelivery. */
export const DEFAULT_LEASE_MS = 10_000;

/** One instance: ids remembered in memory for ten minutes once answered, leased while answering. */
export class LocalClaims implements ActivityClaims {
  private readonly leased = new Map<string, number>();

  constructor(
    private readonly recent = new RecentIds(),
    private readonly leaseMs = DEFAULT_LEASE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  claim(keys: string[]): Promise<Claim | undefined> {
    const at = this.now();
    if (keys.some((k) => this.recent.has(k, at) || (this.leased.get(k) ?? 0) > at)) return Promise.resolve(undefined);
    for (const k of keys) this.leased.set(k, at + this.leaseMs);
    const end = () => keys.forEach((k) => this.leased.delete(k));
    return Promise.resolve({
      done: () => {
        end();
        for (const k of keys) this.recent.add(k, this.now());
        return Promise.resolve();
      },
      release: () => {
        end();
        return Promise.resolve();
      },
    });
  }
}

/** Where shared claims live in storage: `dedupe/<hash>`, swept after ten minutes. */
export const CLAIM_PREFIX = 'dedupe/';

type StoredClaim = {
  state: 'leased' | 'done';
  /** For a lease: when it expires (ms since the epoch). */
  until?: number;
  at: string;
  eTag?: string;
};

/**
 * Several instances: a redelivery may reach another instance than the first delivery (Teams
 * retries after about 15 s without an answer). Each id is also claimed in the shared storage, with
 * a create-only write of a lease; a lease found expired is taken over with its eTag, so two
 * instances never both take it. If storage cannot be reached, the turn goes ahead (it would fail
 * on its state anyway, with a clear message).
 */
export class SharedClaims implements ActivityClaims {
  constructor(
    private readonly store: KeyValueStore,
    private readonly local = new LocalClaims(),
    private readonly leaseMs = DEFAULT_LEASE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(keys: string[]): Promise<Claim | undefined> {
    const local = await this.local.claim(keys);
    if (!local) return undefined;
    const names = keys.map((k) => `${CLAIM_PREFIX}${createHash('sha256').update(k).digest('hex').slice(0, 40)}`);
    const lease = (eTag: string): StoredClaim => ({ state: 'leased', until: this.now() + this.leaseMs, at: new Date(this.now()).toISOString(), eTag });
    try {
      await this.store.write(Object.fromEntries(names.map((n) => [n, lease('')])));
    } catch (err) {
      if (!/eTag conflict/i.test(String(err))) return this.claimed(names, local, false);
      if (!(await this.takeOver(names, lease))) {
        await local.release();
        return undefined;
      }
    }
    return this.claimed(names, local, true);
  }

  /** The ids already claimed: taken over when every claim found is an expired lease (its instance died mid-turn). */
  private async takeOver(names: string[], lease: (eTag: string) => StoredClaim): Promise<boolean> {
    try {
      const found = await this.store.read(names);
      const now = this.now();
      const changes: Record<string, Record<string, unknown>> = {};
      for (const n of names) {
        const item = found[n] as StoredClaim | undefined;
        if (item && (item.state === 'done' || (item.until ?? 0) > now)) return false;
        changes[n] = lease(item?.eTag ?? '');
      }
      await this.store.write(changes);
      return true;
    } catch {
      return false; // another instance took it over first, or storage failed: not ours to answer
    }
  }

  private claimed(names: string[], local: Claim, shared: boolean): Claim {
    return {
      done: async () => {
        await local.done();
        if (!shared) return;
        try {
          await this.store.write(Object.fromEntries(names.map((n) => [n, { state: 'done', at: new Date(this.now()).toISOString(), eTag: '*' }])));
        } catch {
          // The lease stays and expires: a redelivery within it is dropped, as a repeat should be.
        }
      },
      release: async () => {
        await local.release();
        if (!shared) return;
        try {
          await this.store.delete(names);
        } catch {
          // The lease expires by itself after leaseMs.
        }
      },
    };
  }
}
