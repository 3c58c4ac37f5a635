import type { Storage, StoreItems } from 'botbuilder';
import { inSpan, instruments } from './telemetry';

/**
 * A storage whose calls are spans (`storage.read`, `storage.write`, `storage.delete`) and feed
 * the storage latency histogram. Attributes: the operation, how many keys, the outcome; never a
 * key (keys hold conversation and user ids) nor a value.
 */
export class TracedStorage implements Storage {
  constructor(private readonly inner: Storage) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.timed('read', keys.length, () => this.inner.read(keys));
  }

  write(changes: StoreItems): Promise<void> {
    return this.timed('write', Object.keys(changes).length, () => this.inner.write(changes));
  }

  delete(keys: string[]): Promise<void> {
    return this.timed('delete', keys.length, () => this.inner.delete(keys));
  }

  private timed<T>(operation: string, keys: number, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    return inSpan(`storage.${operation}`, { 'passerelle.storage.operation': operation, 'passerelle.storage.keys': keys }, async () => {
      let outcome = 'ok';
      try {
        return await call();
      } catch (err) {
        outcome = 'error';
        throw err;
      } finally {
        instruments().storageDuration.record(performance.now() - started, { operation, outcome });
      }
    });
  }
}
