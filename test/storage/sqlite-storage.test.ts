import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ConversationState, TestAdapter } from 'botbuilder';
import { EtagConflictError, SqliteStorage, STATE_FILE } from '../../src/storage/sqlite-storage';

const tempDataDir = () => mkdtempSync(join(tmpdir(), 'passerelle-storage-'));

describe('SqliteStorage', () => {
  let dir: string;
  let storage: SqliteStorage;
  beforeEach(() => {
    dir = tempDataDir();
    storage = SqliteStorage.inDataDir(dir);
  });
  afterEach(() => {
    storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('reads nothing for unknown keys, then what was written, with an eTag', async () => {
    expect(await storage.read(['a'])).toEqual({});
    await storage.write({ a: { count: 1, nested: { list: [1, 'deux'] } } });
    const { a } = await storage.read(['a', 'missing']);
    expect(a).toEqual({ count: 1, nested: { list: [1, 'deux'] }, eTag: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  test('each write gets a new eTag; a write with the current eTag succeeds', async () => {
    await storage.write({ k: { v: 1 } });
    const first = (await storage.read(['k'])).k;
    await storage.write({ k: { ...first, v: 2 } });
    const second = (await storage.read(['k'])).k;
    expect(second.v).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
  });

  test('a write with a stale eTag is refused, and nothing of its batch is written', async () => {
    await storage.write({ k: { v: 1 } });
    const stale = (await storage.read(['k'])).k;
    await storage.write({ k: { ...stale, v: 2 } });
    await expect(storage.write({ other: { v: 9 }, k: { ...stale, v: 3 } })).rejects.toThrow(EtagConflictError);
    expect((await storage.read(['k'])).k.v).toBe(2);
    expect(await storage.read(['other'])).toEqual({});
  });

  test('eTag "*" or no eTag writes unconditionally (last writer wins, as BotState asks)', async () => {
    await storage.write({ k: { v: 1 } });
    await storage.write({ k: { v: 2, eTag: '*' } });
    await storage.write({ k: { v: 3 } });
    expect((await storage.read(['k'])).k.v).toBe(3);
  });

  test('the eTag check holds between two connections to the same file (two processes)', async () => {
    const other = SqliteStorage.inDataDir(dir);
    try {
      await storage.write({ k: { v: 1 } });
      const mine = (await storage.read(['k'])).k;
      const theirs = (await other.read(['k'])).k;
      await other.write({ k: { ...theirs, v: 'theirs' } });
      await expect(storage.write({ k: { ...mine, v: 'mine' } })).rejects.toThrow(/eTag conflict/);
    } finally {
      other.close();
    }
  });

  test('delete removes the keys', async () => {
    await storage.write({ a: { v: 1 }, b: { v: 2 } });
    await storage.delete(['a']);
    expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
  });

  test('keys with any characters; state survives closing and reopening', async () => {
    const key = 'webchat/conversations/a:b/c?d=é\'"';
    await storage.write({ [key]: { v: 'kept' } });
    storage.close();
    storage = SqliteStorage.inDataDir(dir);
    expect((await storage.read([key]))[key]!.v).toBe('kept');
  });

  test('the file is in WAL mode, under DATA_DIR', () => {
    const db = new Database(join(dir, STATE_FILE), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  test('ping is true while open, false once closed', () => {
    expect(storage.ping()).toBe(true);
    storage.close();
    expect(storage.ping()).toBe(false);
  });

  test('serves as botbuilder ConversationState storage', async () => {
    const state = new ConversationState(storage);
    const counter = state.createProperty<number>('counter');
    const adapter = new TestAdapter(async (context) => {
      const n = (await counter.get(context, 0)) + 1;
      await counter.set(context, n);
      await state.saveChanges(context);
      await context.sendActivity(`count ${n}`);
    });
    await adapter.send('a').assertReply('count 1').send('b').assertReply('count 2').startTest();
  });
});

describe('forgetting stale properties', () => {
  test('removes a property only from matching items not written since the cut-off, with a new eTag', async () => {
    const storage = new SqliteStorage(':memory:');
    await storage.write({ 'webchat/conversations/a': { clientTask: { facts: { age: 3 } }, dialogState: { x: 1 } }, 'webchat/users/u': { clientTask: 'keep' } });
    const before = (await storage.read(['webchat/conversations/a']))['webchat/conversations/a']!.eTag as string;
    expect(storage.removeStaleProperty('clientTask', '/conversations/', new Date(Date.now() - 60_000))).toBe(0); // written just now
    expect(storage.removeStaleProperty('clientTask', '/conversations/', new Date(Date.now() + 1000))).toBe(1);
    const items = await storage.read(['webchat/conversations/a', 'webchat/users/u']);
    expect(items['webchat/conversations/a']).toEqual({ dialogState: { x: 1 }, eTag: expect.any(String) });
    expect(items['webchat/conversations/a']!.eTag).not.toBe(before);
    expect(items['webchat/users/u']!.clientTask).toBe('keep');
    expect(() => storage.removeStaleProperty("x') OR 1=1 --", '/', new Date())).toThrow(RangeError);
    storage.close();
  });
});
