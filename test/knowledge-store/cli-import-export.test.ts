import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { knowledgeDir, REAL_KNOWLEDGE, sampleOffering, REAL_OFFERINGS } from '../helpers/knowledge-fixture';
import { runCli } from '../helpers/run-cli';

const temp = (name: string) => mkdtempSync(join(tmpdir(), `passerelle-${name}-`));
const REAL_VERSION = loadKnowledgeDir(REAL_KNOWLEDGE).kb!.version;

/** `npm run --silent kb -- ...` over the store in `dataDir`, seeded from `knowledge`. */
const kb = (args: string[], dataDir: string, knowledge = REAL_KNOWLEDGE, env: Record<string, string> = { REVIEW_REQUIRED: 'false' }) =>
  runCli('kb.ts', args, { DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledge, ...env });

describe('npm run kb -- export / import', () => {
  const exported = join(temp('export'), 'kb');

  it('export writes the seeded knowledge as files that validate, with the same content hash', () => {
    const r = kb(['export', exported], temp('data'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`version 1 written to ${exported} (knowledge version ${REAL_VERSION}, ${REAL_OFFERINGS} offerings)\n`);
    expect(readdirSync(join(exported, 'offerings'))).toHaveLength(REAL_OFFERINGS);
    expect(existsSync(join(exported, 'facts.yaml')) && existsSync(join(exported, 'glossary.yaml'))).toBe(true);

    const validated = kb(['validate', exported], temp('data'));
    expect(validated.code).toBe(0);
    expect(validated.stdout).toMatch(`${REAL_OFFERINGS} offerings, 0 error(s)`);
    expect(loadKnowledgeDir(exported).kb!.version).toBe(REAL_VERSION);
  });

  it('import publishes a folder as a new version, says what changed, and round-trips without loss', () => {
    // Another store, seeded with one made-up offering: importing the export replaces it.
    const data = temp('data');
    const small = knowledgeDir({ 'cooking-classes': sampleOffering() });
    const r = kb(['import', exported, '--who', 'bob'], data, small);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`version 2 published from ${exported} (knowledge version ${REAL_VERSION}, ${REAL_OFFERINGS} offerings)`);
    expect(lines).toContain('  removed: cooking-classes');
    expect(lines).toContain('  glossary changed');
    expect(lines.find((l) => l.startsWith('  added: '))!.split(', ')).toHaveLength(REAL_OFFERINGS);

    const again = join(temp('export'), 'kb');
    expect(kb(['export', again], data, small).code).toBe(0);
    expect(loadKnowledgeDir(again).kb!.version).toBe(REAL_VERSION);

    const same = kb(['import', again], data, small);
    expect(same.code).toBe(0);
    expect(same.stdout).toBe(`nothing to import: ${again} has the content of version 2 (knowledge version ${REAL_VERSION})\n`);
    // The older version is still there to export.
    expect(kb(['export', again, '--version', '1'], data, small).code).toBe(0);
    expect(readdirSync(join(again, 'offerings'))).toEqual(['cooking-classes.yaml']);
  });

  it('with review required (the default), import proposes a change set for another admin instead of publishing', () => {
    const data = temp('data');
    const small = knowledgeDir({ 'cooking-classes': sampleOffering() });
    // Two admins listed: someone can review (with none, nobody could, and the import is published).
    const admins = ['a'.repeat(64), 'b'.repeat(64)];
    const review = { REVIEW_REQUIRED: 'true', ADMIN_TOKEN_HASHES: `alice:${admins[0]},bob:${admins[1]}` };
    const r = kb(['import', exported, '--who', 'bob'], data, small, review);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^change set cs-[0-9a-f]{10} proposed from ${exported} for review \\(${REAL_OFFERINGS + 1} offerings changed\\)`));
    // Still version 1: kb commands read what is published.
    expect(kb(['validate'], data, small, review).stdout).toMatch(/^published version 1 /);
    expect(kb(['search', 'cooking', '--json'], data, small, review).stdout).toContain('cooking-classes');
    expect(kb(['search', 'French classes', '--json', '--files', exported], data, small, review).stdout).toContain('francisation-quebec');
  });

  it('import exits 1 with every problem as file: path: message and changes nothing', () => {
    const data = temp('data');
    const broken = knowledgeDir({
      broken: sampleOffering({ categories: ['astrology'] }),
      'unknown-fact': sampleOffering({ eligibility: { rules: { fact: 'shoeSize', min: 40 }, notes: { fr: 'x', en: 'x' } } }),
    });
    const r = kb(['import', broken], data);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml: categories\.0: must be one of: /);
    expect(r.stderr).toMatch(/unknown-fact\.yaml: eligibility\.rules\.fact: /);
    expect(r.stderr).toMatch(/2 error\(s\): nothing imported/);
    const out = join(temp('export'), 'kb');
    expect(kb(['export', out], data).stdout).toMatch(/^version 1 written/);
  });

  it('exits 2 on bad usage', () => {
    const data = temp('data');
    expect(kb(['import'], data).code).toBe(2);
    expect(kb(['import', join(data, 'missing')], data).code).toBe(2);
    expect(kb(['export', join(data, 'out'), '--version', 'two'], data).code).toBe(2);
    const r = kb(['export', join(data, 'out'), '--version', '7'], data);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no version 7 \(the latest is 1\)/);
  });

  it('export removes offering files of DIR that the version does not have', () => {
    const dir = knowledgeDir({ stale: sampleOffering(), 'pasi.yml': 'name: old' });
    const r = kb(['export', dir], temp('data'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^removed offerings\/pasi\.yml\nremoved offerings\/stale\.yaml\n/);
    expect(loadKnowledgeDir(dir).kb!.version).toBe(REAL_VERSION);
    writeFileSync(join(dir, 'offerings', 'notes.txt'), 'kept');
    kb(['export', dir], temp('data'));
    expect(existsSync(join(dir, 'offerings', 'notes.txt'))).toBe(true);
  });
});
