import { rmSync } from 'node:fs';
import type { StoreItems } from 'botbuilder';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { message, post, startServer, tempDataDir } from './harness';

/** Records reads and writes of conversation state; reads are slowed so that unqueued turns would overlap. */
class TracingStorage extends SqliteStorage {
  readonly trace: string[] = [];
  override async read(keys: string[]): Promise<StoreItems> {
    const conversation = keys.some((k) => k.includes('/conversations/'));
    if (conversation) this.trace.push('read');
    await new Promise((r) => setTimeout(r, 40));
    return super.read(keys);
  }
  override async write(changes: StoreItems): Promise<void> {
    if (Object.keys(changes).some((k) => k.includes('/conversations/'))) this.trace.push('write');
    return super.write(changes);
  }
}

describe('turns of one conversation', () => {
  test('two concurrent turns of one conversation are serialized: the second reads the state after the first wrote it', async () => {
    const dataDir = tempDataDir();
    const storage = new TracingStorage(`${dataDir}/state.sqlite`);
    const s = await startServer({ dataDir, storage });
    try {
      const conversation = { id: 'concurrent' };
      const [a, b] = await Promise.all([
        post(s.url, message('langue', { locale: 'fr-CA', conversation })),
        post(s.url, message('langue', { locale: 'fr-CA', conversation })),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(storage.trace).toEqual(['read', 'write', 'read', 'write']);
    } finally {
      await s.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('turns of different conversations run side by side', async () => {
    const dataDir = tempDataDir();
    const storage = new TracingStorage(`${dataDir}/state.sqlite`);
    const s = await startServer({ dataDir, storage });
    try {
      await Promise.all([
        post(s.url, message('langue', { locale: 'fr-CA', conversation: { id: 'one' } })),
        post(s.url, message('langue', { locale: 'fr-CA', conversation: { id: 'two' } })),
      ]);
      expect(storage.trace.slice(0, 2)).toEqual(['read', 'read']);
    } finally {
      await s.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
