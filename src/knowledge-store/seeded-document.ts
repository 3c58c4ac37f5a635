import type { KeyValueStore } from '../storage/key-value-store';
import { readDoc, updateWithRetry } from './cas';

export interface SeededDoc<T> {
  items: T[];
  updatedAt?: string;
  updatedBy?: string;
}

/**
 * A list admins edit as a whole (test profiles, receiving organizations), shared by every
 * instance in the store; the seed (a file of the knowledge folder) until someone saves it.
 * `check` refuses a bad list whole (it throws), so nothing half-valid is ever kept.
 */
export class SeededDocument<T> {
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
    private readonly seed: readonly T[],
    private readonly now: () => Date,
  ) {}

  async get(): Promise<SeededDoc<T>> {
    return (await readDoc<SeededDoc<T>>(this.store, this.key)) ?? { items: [...this.seed] };
  }

  async save(items: T[], who: string): Promise<SeededDoc<T>> {
    const doc: SeededDoc<T> = { items, updatedAt: this.now().toISOString(), updatedBy: who };
    return updateWithRetry<SeededDoc<T>, SeededDoc<T>>(this.store, this.key, () => ({ write: doc, result: doc }));
  }
}
