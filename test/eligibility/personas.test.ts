import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { assess } from '../../src/eligibility/assess';
import { parseClientFacts } from '../../src/eligibility/client-facts';
import { createI18n } from '../../src/i18n/load-locales';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { fromPackageRoot } from '../../src/package-root';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

/**
 * The persona table: client profiles (test/fixtures/personas/*.yaml) and, per offering, the status
 * each should get (expectations/<offering-id>.yaml), each expectation citing the fact sheet entry
 * and source it comes from. Run on the real knowledge base, as `kb eligibility` runs it.
 */
const DIR = fromPackageRoot('test', 'fixtures', 'personas');
const PersonaFile = z.strictObject({
  today: z.iso.date().optional(),
  personas: z.record(
    z.string(),
    z.strictObject({
      description: z.string().min(1),
      facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      today: z.iso.date().optional(),
    }),
  ),
});
const ExpectationFile = z.strictObject({
  expectations: z
    .array(
      z.strictObject({
        persona: z.string(),
        status: z.enum(['eligible', 'ineligible', 'unknown']),
        /** Where the expected answer comes from: the fact sheet entry and its source ids, e.g. "entry 22 [S51]". */
        source: z.string().min(3),
        /** Words one of the reasons must contain, in English (what decided it). */
        because: z.string().optional(),
      }),
    )
    .min(1),
});

const kb = loadKnowledgeDir(REAL_KNOWLEDGE).kb!;
const i18n = createI18n();
const t = { fr: i18n.getFixedT('fr', 'eligibility'), en: i18n.getFixedT('en', 'eligibility') };

const personas = new Map<string, { description: string; facts: Record<string, string | number | boolean>; today: string }>();
for (const file of readdirSync(DIR).filter((f) => f.endsWith('.yaml'))) {
  const parsed = PersonaFile.parse(parse(readFileSync(join(DIR, file), 'utf8')));
  for (const [id, p] of Object.entries(parsed.personas)) {
    if (personas.has(id)) throw new Error(`${file}: persona "${id}" is defined twice`);
    personas.set(id, { ...p, today: p.today ?? parsed.today ?? '2026-12-02' });
  }
}
const expectations = readdirSync(join(DIR, 'expectations'))
  .filter((f) => f.endsWith('.yaml'))
  .map((file) => ({ offering: basename(file, '.yaml'), ...ExpectationFile.parse(parse(readFileSync(join(DIR, 'expectations', file), 'utf8'))) }));
const rows = expectations.flatMap((e) => e.expectations.map((x) => ({ offering: e.offering, ...x })));

describe('the persona table', () => {
  it('has at least 30 client profiles, each with valid facts', () => {
    expect(personas.size).toBeGreaterThanOrEqual(30);
    for (const [id, p] of personas) expect(() => parseClientFacts(p.facts, kb.facts, new Date(`${p.today}T12:00:00Z`))).not.toThrow(`${id}`);
  });

  it('has expectations for every offering, each naming a real persona and a source', () => {
    const covered = new Set(expectations.map((e) => e.offering));
    expect(kb.offerings.map((o) => o.id).filter((id) => !covered.has(id))).toEqual([]);
    for (const e of expectations) expect([e.offering, kb.get(e.offering) !== undefined]).toEqual([e.offering, true]);
    for (const r of rows) expect([r.offering, r.persona, personas.has(r.persona)]).toEqual([r.offering, r.persona, true]);
  });

  it('gives each persona the expected status for each offering, for the reason the sheet gives', () => {
    const wrong: string[] = [];
    for (const r of rows) {
      const p = personas.get(r.persona)!;
      const a = assess(kb, r.offering, p.facts, t, new Date(`${p.today}T12:00:00Z`))!;
      const reasons = a.reasons.map((x) => x.en).join(' | ');
      if (a.status !== r.status) wrong.push(`${r.offering} × ${r.persona}: ${a.status}, expected ${r.status} (${r.source}) — ${reasons}`);
      else if (r.because && !reasons.toLowerCase().includes(r.because.toLowerCase()))
        wrong.push(`${r.offering} × ${r.persona}: reasons lack "${r.because}" — ${reasons}`);
    }
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    console.log(
      `persona table: ${personas.size} personas, ${rows.length} expectations over ${expectations.length} offerings (eligible ${count('eligible')}, to check ${count('unknown')}, not eligible ${count('ineligible')}); ${wrong.length} wrong`,
    );
    expect(wrong).toEqual([]);
  });
});
