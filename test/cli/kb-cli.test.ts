import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knowledgeDir, sampleOffering } from '../helpers/knowledge-fixture';
import { runCli } from '../helpers/run-cli';

const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-'));

/** `npm run --silent kb -- ...` */
const kb = (args: string[], env: Record<string, string> = {}) => runCli('kb.ts', args, { DATA_DIR: dataDir, ...env });

describe('npm run kb', () => {
  it('validate exits 0 on the real knowledge base', () => {
    const r = kb(['validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ offerings, 0 error\(s\)/);
  });

  it('validate DIR exits 1 and prints each error as file: field: message', () => {
    const dir = knowledgeDir({ broken: sampleOffering({ categories: ['astrology'] }) });
    const r = kb(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml: categories\.0: must be one of: /);
  });

  it('build writes the index, and search --json prints id, score and both names, best first', () => {
    expect(kb(['build']).code).toBe(0);
    const r = kb(['search', 'French classes', '--lang', 'en', '--json']);
    expect(r.code).toBe(0);
    const hits = JSON.parse(r.stdout) as { id: string; score: number; name: { fr: string; en: string } }[];
    expect(hits[0]).toEqual({ id: 'francisation-quebec', score: expect.any(Number), name: { fr: expect.any(String), en: expect.any(String) } });
    expect(Object.keys(hits[0]!)).toEqual(['id', 'score', 'name']);
  });

  it('search --batch prints one JSON array per line, in order', () => {
    const file = join(dataDir, 'batch.jsonl');
    writeFileSync(file, ['{"q": "cours de français", "lang": "fr"}', '{"q": "xqzwv", "lang": "en"}', '{"q": "welfare", "lang": "en"}'].join('\n') + '\n');
    const r = kb(['search', '--batch', file, '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string }[]);
    expect(lines).toHaveLength(3);
    expect(lines[0]![0]!.id).toBe('francisation-quebec');
    expect(lines[1]).toEqual([]);
    expect(lines[2]!.map((h) => h.id)).toContain('aide-sociale');
  });

  it('takes query text that looks like an option as text', () => {
    const r = kb(['search', '-francisation', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[])[0]?.id).toBe('francisation-quebec');
  });

  it('exits 2 with a reason on bad usage', () => {
    expect(kb(['search', 'x', '--lang', 'de']).code).toBe(2);
    expect(kb(['frobnicate']).code).toBe(2);
    const bad = join(dataDir, 'bad.jsonl');
    writeFileSync(bad, 'not json\n');
    const r = kb(['search', '--batch', bad, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1: not valid JSON/);
  });
});

describe('npm run kb -- eligibility', () => {
  it('prints id, status, reasons and missing for each offering', () => {
    const r = kb(['eligibility', '--facts', '{"status": "permanent-resident", "arrivalDate": "2024-03-01", "age": 34, "region": "montreal"}', '--json']);
    expect(r.code).toBe(0);
    const all = JSON.parse(r.stdout) as { id: string; status: string; reasons: { fr: string; en: string }[]; missing: string[] }[];
    expect(all.length).toBeGreaterThanOrEqual(30);
    for (const a of all) {
      expect(Object.keys(a)).toEqual(['id', 'status', 'reasons', 'missing']);
      expect(['eligible', 'ineligible', 'unknown']).toContain(a.status);
    }
    expect(all.find((a) => a.id === 'francisation-quebec')!.status).toBe('eligible');
    // Low income decides; sponsorship is a caveat of the sources for permanent residents.
    expect(all.find((a) => a.id === 'aide-sociale')).toMatchObject({ status: 'unknown', missing: ['lowIncome', 'sponsored', 'sponsorshipState'] });
  });

  it('--offering ID gives one', () => {
    const r = kb(['eligibility', '--facts', '{"age": 12}', '--offering', 'francisation-quebec', '--json']);
    expect(JSON.parse(r.stdout)).toEqual([
      { id: 'francisation-quebec', status: 'ineligible', reasons: [expect.objectContaining({ fact: 'age', outcome: 'unmet' })], missing: [] },
    ]);
  });

  it.each([
    ['{"shoeSize": 42}', /unknown fact "shoeSize"/],
    ['{"status": "tourist"}', /fact "status": "tourist" is not one of/],
    ['{"age": -4}', /fact "age": -4 is not a whole number from 0 to 120/],
    ['{"age": 34.5}', /fact "age": 34.5 is not a whole number/],
    ['{"age": "34"}', /fact "age": "34" is not a whole number .*not a string/],
    ['{"arrivalDate": 20230501}', /fact "arrivalDate"/],
    ['{"arrivalDate": "2023-02-30"}', /fact "arrivalDate"/],
    ['not json', /not valid JSON/],
  ])('exits 2 naming the problem for %s', (facts, message) => {
    const r = kb(['eligibility', '--facts', facts, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--today sets the reference date: an arrival after it is refused, exit 2', () => {
    const future = kb(['eligibility', '--facts', '{"arrivalDate": "2026-06-01"}', '--today', '2026-01-15', '--json']);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/fact "arrivalDate": "2026-06-01" is not a date in the past: it is after today \(2026-01-15\)/);
    const ok = kb(['eligibility', '--facts', '{"arrivalDate": "2026-01-01"}', '--today', '2026-01-15', '--offering', 'francisation-quebec', '--json']);
    expect(ok.code).toBe(0);
    expect(kb(['eligibility', '--facts', '{}', '--today', '15/01/2026', '--json']).code).toBe(2);
  });

  it('exits 2 for an unknown offering', () => {
    expect(kb(['eligibility', '--facts', '{}', '--offering', 'nope']).code).toBe(2);
  });
});
