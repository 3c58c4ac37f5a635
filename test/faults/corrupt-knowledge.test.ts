import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_KNOWLEDGE, REAL_OFFERINGS } from '../helpers/knowledge-fixture';
import { postActivity, startServerProcess, type LogLine, type ServerProcess } from './server-process';

/**
 * Knowledge files broken on disk between two starts: the server still starts, serves the last
 * good published version (the store in DATA_DIR), answers searches from it and logs the error
 * with the file; a real fix of the file is imported at the next start as a new version.
 */
const FILE = 'francisation-quebec.yaml';

interface Health {
  status: string;
  knowledge: { version: string; offerings: number; published?: number };
}

describe('corrupt knowledge files at start', () => {
  const root = mkdtempSync(join(tmpdir(), 'passerelle-corrupt-'));
  const knowledgeDir = join(root, 'knowledge');
  const dataDir = join(root, 'data');
  const offeringFile = join(knowledgeDir, 'offerings', FILE);
  // No admin configured (a team that reviews in git): nobody could approve a change set, so changed
  // files are published at start. With admins and review on, they are proposed (test/admin/change-sets-api.test.ts).
  const env = { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir };
  let original = '';
  let running: ServerProcess | undefined;

  beforeAll(() => {
    cpSync(REAL_KNOWLEDGE, knowledgeDir, { recursive: true });
    original = readFileSync(offeringFile, 'utf8');
  });
  afterAll(async () => {
    await running?.stop('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  /** Starts the server, reads /healthz, runs `check`, stops it gracefully. */
  async function withServer(check: (s: ServerProcess, health: Health) => Promise<void>): Promise<LogLine[]> {
    running = await startServerProcess(env);
    const s = running;
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    await check(s, (await res.json()) as Health);
    expect(await s.stop()).toEqual({ code: 0, signal: null });
    running = undefined;
    return s.lines;
  }

  /** A search as a caseworker would type it: the titles of the result card. */
  async function search(s: ServerProcess, text: string): Promise<string> {
    const answer = await postActivity(s.url, {
      type: 'message',
      channelId: 'emulator',
      conversation: { id: `search-${Date.now()}` },
      from: { id: 'caseworker' },
      text,
    });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  const errorLines = (lines: LogLine[]) => lines.filter((l) => (l.level ?? 0) >= 50);
  let seeded: Health['knowledge'];

  it('seeds the store from the files: published version 1', async () => {
    const lines = await withServer(async (s, health) => {
      expect(health.status).toBe('alive');
      expect(health.knowledge).toMatchObject({ published: 1, offerings: REAL_OFFERINGS, version: expect.stringMatching(/^[0-9a-f]+$/) });
      seeded = health.knowledge;
      expect(await search(s, 'cours de français')).toContain('Francisation Québec');
    });
    expect(errorLines(lines)).toEqual([]);
  }, 30_000);

  it.each([
    ['invalid YAML', () => original.replace(/^categories: .*$/m, 'categories: [french-language, settlement\n  broken: : ['), /YAML/],
    ['a rule naming an unknown fact', () => original.replace(/^ {4}fact: age$/m, '    fact: ageInMoons'), /unknown fact "ageInMoons"/],
  ])(
    'with %s in one offering: starts, serves the last good version, answers searches, logs the error with the file',
    async (_what, corrupt, reason) => {
      const broken = corrupt();
      expect(broken).not.toBe(original);
      writeFileSync(offeringFile, broken);
      const lines = await withServer(async (s, health) => {
        // The same content and the same published version as before the file broke.
        expect(health.knowledge).toEqual(seeded);
        // The broken file's own offering is still served, from the store.
        expect(await search(s, 'cours de français')).toContain('Francisation Québec');
        expect(await search(s, 'assurance maladie')).toContain('RAMQ');
      });
      const errors = errorLines(lines);
      expect(errors).toEqual([expect.objectContaining({ msg: 'knowledge files have errors: serving the last good published version', dir: knowledgeDir })]);
      const listed = errors[0]!.errors as string[];
      expect(listed.some((e) => e.includes(FILE) && reason.test(e))).toBe(true);
    },
    30_000,
  );

  it('imports the fixed file, with a real change, as published version 2 at the next start', async () => {
    const fixed = original.replace('fr: [francisation, cours de français,', 'fr: [francisation, cours de français, atelier de conversation,');
    expect(fixed).not.toBe(original);
    writeFileSync(offeringFile, fixed);
    const lines = await withServer(async (s, health) => {
      expect(health.knowledge).toMatchObject({ published: 2, offerings: REAL_OFFERINGS });
      expect(health.knowledge.version).not.toBe(seeded.version);
      expect(await search(s, 'atelier de conversation')).toContain('Francisation Québec');
    });
    expect(errorLines(lines)).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'knowledge files changed: imported as a new version', published: 2 }));

    // Started again with the same files: nothing new to import, still version 2.
    await withServer(async (_s, health) => {
      expect(health.knowledge).toMatchObject({ published: 2 });
    });
  }, 40_000);
});
