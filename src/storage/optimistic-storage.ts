import type { Storage, StoreItems } from 'botbuilder';

/**
 * Makes botbuilder's state writes conditional. BotState saves with `eTag: '*'` (last writer wins,
 * botbuilder-js #705): with several instances, a turn racing another one of the same conversation
 * would silently overwrite its state. This wrapper remembers the eTag each item had when it was
 * read (by object identity, since BotState writes back the very object it read) and writes with
 * it instead of `*`. A state changed meanwhile is then refused with an eTag conflict, which the
 * turn error handler reports instead of clearing anything.
 */
export class OptimisticStorage implements Storage {
  private readonly readETags = new WeakMap<object, string>();

  constructor(private readonly inner: Storage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    for (const item of Object.values(items) as unknown[]) {
      const eTag = (item as { eTag?: unknown } | undefined)?.eTag;
      if (item && typeof item === 'object' && typeof eTag === 'string' && eTag !== '*') this.readETags.set(item, eTag);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const conditional: StoreItems = {};
    const written: object[] = [];
    for (const [key, item] of Object.entries(changes) as [string, unknown][]) {
      const readETag = item && typeof item === 'object' ? this.readETags.get(item) : undefined;
      if (readETag !== undefined && (item as { eTag?: unknown }).eTag === '*') {
        conditional[key] = { ...(item as object), eTag: readETag };
        written.push(item as object);
      } else conditional[key] = item;
    }
    await this.inner.write(conditional);
    // Once written, the eTag read is stale: a later write of the same object in this turn is unconditional.
    for (const item of written) this.readETags.delete(item);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}
