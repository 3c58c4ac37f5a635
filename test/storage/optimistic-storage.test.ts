import { ConversationState, TestAdapter, TurnContext } from 'botbuilder';
import { rmSync } from 'node:fs';
import { OptimisticStorage } from '../../src/storage/optimistic-storage';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { tempDataDir } from '../server/harness';

describe('OptimisticStorage under ConversationState', () => {
  const dir = tempDataDir();
  const sqlite = SqliteStorage.inDataDir(dir);
  afterAll(() => {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const context = () =>
    new TurnContext(new TestAdapter(), {
      type: 'message',
      channelId: 'test',
      conversation: { id: 'c1' } as never,
      from: { id: 'u' } as never,
      recipient: { id: 'b' } as never,
    });

  it('refuses the save of a turn whose state changed since it was read, instead of overwriting it', async () => {
    // Two instances: each its own ConversationState over the same storage.
    const first = new ConversationState(new OptimisticStorage(sqlite));
    const second = new ConversationState(new OptimisticStorage(sqlite));
    const setup = context();
    await first.createProperty<number>('n').set(setup, 0);
    await first.saveChanges(setup);

    const a = context();
    const b = context();
    await first.createProperty<number>('n').set(a, 1 + ((await first.createProperty<number>('n').get(a)) ?? 0));
    await second.createProperty<number>('n').set(b, 10 + ((await second.createProperty<number>('n').get(b)) ?? 0));
    await first.saveChanges(a);
    await expect(second.saveChanges(b)).rejects.toThrow(/eTag conflict/);

    const check = context();
    expect(await new ConversationState(sqlite).createProperty<number>('n').get(check)).toBe(1);
  });

  it('plain botbuilder state (eTag "*") would have overwritten it: what the wrapper prevents', async () => {
    const plain = new ConversationState(sqlite);
    const a = context();
    const b = context();
    await plain.createProperty<number>('n').get(a);
    await plain.createProperty<number>('n').get(b);
    await plain.createProperty<number>('n').set(a, 100);
    await plain.createProperty<number>('n').set(b, 200);
    await plain.saveChanges(a);
    await plain.saveChanges(b);
    expect(await new ConversationState(sqlite).createProperty<number>('n').get(context())).toBe(200);
  });
});
