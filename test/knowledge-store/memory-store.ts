import type { KeyValueStore } from '../../src/storage/key-value-store';

/**
 * An in-memory KeyValueStore with SqliteStorage's eTag contract: every write gets a new eTag; a
 * write whose eTag is neither absent nor `*` is refused when the stored item has another one
 * (so the empty eTag means "create only"); a refused batch writes nothing. Each call yields
 * first, so concurrent callers interleave as they would against a real store.
 */
export class MemoryStore implements KeyValueStore {
  readonly items = new Map<string, { eTag: string; value: string }>();
  writes = 0;
  private counter = 0;

  async read(keys: string[]): Promise<Record<string, Record<string, unknown> | undefined>> {
    await tick();
    const out: Record<string, Record<string, unknown>> = {};
    for (const key of keys) {
      const item = this.items.get(key);
      if (item) out[key] = { ...(JSON.parse(item.value) as Record<string, unknown>), eTag: item.eTag };
    }
    return out;
  }

  async write(changes: Record<string, Record<string, unknown>>): Promise<void> {
    await tick();
    for (const [key, { eTag }] of Object.entries(changes)) {
      const stored = this.items.get(key);
      if (typeof eTag === 'string' && eTag !== '*' && stored && stored.eTag !== eTag) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
    }
    for (const [key, { eTag: _old, ...value }] of Object.entries(changes)) {
      this.items.set(key, { eTag: String(++this.counter), value: JSON.stringify(value) });
      this.writes++;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await tick();
    for (const key of keys) this.items.delete(key);
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
