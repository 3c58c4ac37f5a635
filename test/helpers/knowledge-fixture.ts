import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const REAL_KNOWLEDGE = join(__dirname, '..', '..', 'knowledge');
/** How many offerings the real knowledge base has: one file each in knowledge/offerings. */
export const REAL_OFFERINGS = readdirSync(join(REAL_KNOWLEDGE, 'offerings')).filter((f) => /\.ya?ml$/.test(f)).length;

/** A complete, valid offering; tests override the fields they are about. */
export function sampleOffering(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const t = (fr: string, en: string) => ({ fr, en });
  return {
    name: t('Cours de cuisine', 'Cooking classes'),
    summary: t('Des cours pour cuisiner.', 'Classes to learn cooking.'),
    description: t('Une description.', 'A description.'),
    provider: { name: t('Organisme', 'Organization'), kind: 'community' },
    categories: ['settlement'],
    eligibility: { rules: { all: [{ fact: 'age', min: 18 }] }, notes: t('Adultes.', 'Adults.') },
    access: { modes: ['in-person'], howTo: t('Sur place.', 'On site.') },
    cost: { free: true },
    languages: ['fr'],
    regions: 'all',
    keywords: { fr: ['cuisine'], en: ['cooking'] },
    sources: [{ url: 'https://example.org/source', kind: 'official' }],
    lastReviewed: '2026-06-01',
    ...overrides,
  };
}

/** A temporary knowledge folder with the real facts and safety lines and the given offerings (objects or raw YAML text). */
export function knowledgeDir(offerings: Record<string, Record<string, unknown> | string>, fileExt = '.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-kb-'));
  mkdirSync(join(dir, 'offerings'));
  copyFileSync(join(REAL_KNOWLEDGE, 'facts.yaml'), join(dir, 'facts.yaml'));
  writeFileSync(join(dir, 'safety.yaml'), stringify(safetyWithoutOfferings()));
  for (const [id, body] of Object.entries(offerings)) {
    const name = id.includes('.') ? id : `${id}${fileExt}`;
    writeFileSync(join(dir, 'offerings', name), typeof body === 'string' ? body : stringify(body));
  }
  return dir;
}

/** The real safety.yaml, its situations pointing to no offering (a fixture has its own offerings). */
export function safetyWithoutOfferings(): Record<string, unknown> {
  const safety = parse(readFileSync(join(REAL_KNOWLEDGE, 'safety.yaml'), 'utf8')) as { situations: Record<string, { offerings?: string[] }> };
  for (const s of Object.values(safety.situations)) s.offerings = [];
  return safety;
}
