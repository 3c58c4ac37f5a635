import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateKnowledge, type RawKnowledge } from '../../src/knowledge/knowledge-base';
import { zodErrorMap } from '../../src/knowledge/problems';
import { Offering } from '../../src/knowledge/offering-schema';
import { validationKeys, validationText } from '../../src/knowledge/validation-messages';
import type { Language } from '../../src/knowledge/vocabulary';
import { checkOffering } from '../../src/knowledge-store/offering-check';
import { REAL_KNOWLEDGE, safetyWithoutOfferings, sampleOffering } from '../helpers/knowledge-fixture';

const ROOT = join(__dirname, '..', '..');

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) for (const [key, text] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(key, text);
  }
  return out;
}
const catalog = (lang: Language) => flatten(JSON.parse(readFileSync(join(ROOT, 'locales', lang, 'validation.json'), 'utf8')));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the validation catalogs (locales/*/validation.json)', () => {
  const fr = catalog('fr');
  const en = catalog('en');

  it('have the same keys, with the same placeholders, and no empty text', () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of en) {
      expect({ key, placeholders: placeholders(fr.get(key)!) }).toEqual({ key, placeholders: placeholders(text) });
      expect({ key, empty: text.trim() === '' || fr.get(key)!.trim() === '' }).toEqual({ key, empty: false });
    }
    expect(validationKeys().sort()).toEqual([...en.keys()].sort());
  });

  it('hold every key the knowledge layer, the store and the referrals name, and only those', () => {
    const groups = [...new Set([...en.keys()].map((k) => k.split('.')[0]!))].join('|');
    // Quoted `group.key` literals (not file names such as 'safety.yaml').
    const literal = new RegExp(`'((?:${groups})\\.(?!ya?ml')[A-Za-z]+)'`, 'g');
    const used = new Set<string>();
    for (const file of ['knowledge', 'knowledge-store', 'referrals'].flatMap((folder) => sources(join(ROOT, 'src', folder)))) {
      for (const m of readFileSync(file, 'utf8').matchAll(literal)) used.add(m[1]!);
    }
    expect([...used].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !used.has(k))).toEqual([]);
  });

  it('fill in placeholders, falling back to English, then to the key', () => {
    expect(validationText('fr', 'rule.outOfRange', { value: 200, fact: 'age', min: 0, max: 120 })).toBe('200 est hors de l’intervalle de « age » (0 à 120)');
    expect(validationText('en', 'rule.outOfRange', { value: 200, fact: 'age', min: 0, max: 120 })).toBe('200 is outside the range of "age" (0 to 120)');
    expect(validationText('fr', 'no.such-key')).toBe('no.such-key');
  });
});

describe('validation messages in French and in English', () => {
  const facts = parse(readFileSync(join(REAL_KNOWLEDGE, 'facts.yaml'), 'utf8')) as Record<string, unknown>;
  const known = Object.keys(facts).join(', ');
  const statuses = Object.keys((facts.status as { options: Record<string, unknown> }).options).join(', ');
  const notes = { fr: 'x', en: 'y' };
  const { description: _description, ...withoutDescription } = sampleOffering();
  /** Every kind of mistake of an offering's shape at once. */
  const badShape = {
    ...withoutDescription,
    name: { en: 'English only' },
    summary: { fr: 'x'.repeat(241), en: 'Short.' },
    provider: { name: { fr: 'Organisme', en: 'Organization' }, kind: 'alien' },
    colour: 'blue',
    sources: [{ url: 'example.org', kind: 'official' }],
    lastReviewed: '15 mars 2026',
    eligibility: { rules: { all: [{ fact: 'age', min: 18, is: true }, { fact: 'arrivalDate', within: {} }] }, notes },
  };
  /** Well formed, but its rules name a fact and a value facts.yaml does not have. */
  const badFacts = sampleOffering({ eligibility: { rules: { all: [{ fact: 'shoeSize', min: 40 }, { fact: 'status', in: ['tourist'] }] }, notes } });
  const raw: RawKnowledge = {
    facts: { file: 'facts.yaml', data: facts },
    glossary: { file: 'glossary.yaml', data: [{ fr: [], en: ['welfare'] }] },
    safety: { file: 'safety.yaml', data: safetyWithoutOfferings() },
    offerings: [
      { id: 'bad-shape', file: 'offerings/bad-shape.yaml', data: badShape },
      { id: 'bad-facts', file: 'offerings/bad-facts.yaml', data: badFacts },
    ],
  };
  const messages = (lang?: Language) =>
    validateKnowledge(raw, { today: new Date('2026-11-29T12:00:00Z'), ...(lang && { lang }) }).problems.map((p) => [p.file, p.path, p.message]);

  const ENGLISH = [
    ['glossary.yaml', '0.fr', 'at least one French term'],
    ['offerings/bad-shape.yaml', 'name.fr', 'missing French translation'],
    ['offerings/bad-shape.yaml', 'summary', 'a summary is one short sentence (240 characters at most)'],
    ['offerings/bad-shape.yaml', 'description', 'is required'],
    [
      'offerings/bad-shape.yaml',
      'provider.kind',
      'must be one of: quebec-government, federal-government, municipal, health-network, school, community, professional-order, other',
    ],
    ['offerings/bad-shape.yaml', 'eligibility.rules.all.0', 'a condition needs exactly one kind of test: in, is, min/max, or within/atLeast'],
    ['offerings/bad-shape.yaml', 'eligibility.rules.all.1.within', 'a duration needs years, months or days'],
    ['offerings/bad-shape.yaml', 'sources.0.url', 'must be a full URL (https://...)'],
    ['offerings/bad-shape.yaml', 'lastReviewed', 'must be a date written YYYY-MM-DD'],
    ['offerings/bad-shape.yaml', '', 'unknown field: colour'],
    ['offerings/bad-facts.yaml', 'eligibility.rules.all.0.fact', `unknown fact "shoeSize" (known: ${known})`],
    ['offerings/bad-facts.yaml', 'eligibility.rules.all.1.in.0', `unknown value "tourist" for fact "status" (allowed: ${statuses})`],
  ];

  it('are in English by default, exactly as `kb validate` has always written them', () => {
    expect(messages()).toEqual(ENGLISH);
    expect(messages('en')).toEqual(ENGLISH);
  });

  it('are all in French for a French-speaking admin, on the same fields', () => {
    const french = messages('fr');
    expect(french).toEqual([
      ['glossary.yaml', '0.fr', 'au moins un terme français'],
      ['offerings/bad-shape.yaml', 'name.fr', 'traduction française manquante'],
      ['offerings/bad-shape.yaml', 'summary', 'un résumé tient en une courte phrase (240 caractères au plus)'],
      ['offerings/bad-shape.yaml', 'description', 'obligatoire'],
      [
        'offerings/bad-shape.yaml',
        'provider.kind',
        'doit être l’une de ces valeurs : quebec-government, federal-government, municipal, health-network, school, community, professional-order, other',
      ],
      ['offerings/bad-shape.yaml', 'eligibility.rules.all.0', 'une condition doit avoir exactement un type de test : in, is, min/max ou within/atLeast'],
      ['offerings/bad-shape.yaml', 'eligibility.rules.all.1.within', 'une durée doit indiquer des années, des mois ou des jours (years, months, days)'],
      ['offerings/bad-shape.yaml', 'sources.0.url', 'doit être une URL complète (https://...)'],
      ['offerings/bad-shape.yaml', 'lastReviewed', 'doit être une date écrite AAAA-MM-JJ'],
      ['offerings/bad-shape.yaml', '', 'champ inconnu : colour'],
      ['offerings/bad-facts.yaml', 'eligibility.rules.all.0.fact', `fait inconnu « shoeSize » (faits connus : ${known})`],
      ['offerings/bad-facts.yaml', 'eligibility.rules.all.1.in.0', `valeur inconnue « tourist » pour le fait « status » (valeurs permises : ${statuses})`],
    ]);
    const english = new Set(ENGLISH.map(([, , message]) => message));
    expect(french.filter(([, , message]) => english.has(message))).toEqual([]);
    // Not a word of the English sentences' own (fact names and values aside).
    expect(french.filter(([, , message]) => /\b(must|missing|required|unknown|needs|allowed|known)\b/.test(message!))).toEqual([]);
  });

  it('checks one offering (the admin API) in either language, with the same paths', () => {
    const en = checkOffering('bad-shape', badShape).errors;
    const fr = checkOffering('bad-shape', badShape, 'fr').errors;
    expect(en).toEqual(ENGLISH.filter(([file]) => file === 'offerings/bad-shape.yaml').map(([, path, message]) => ({ path, message })));
    expect(fr.map((e) => e.path)).toEqual(en.map((e) => e.path));
    expect(fr.find((e) => e.path === 'summary')?.message).toBe('un résumé tient en une courte phrase (240 caractères au plus)');
    expect(checkOffering('Mauvais_Nom', sampleOffering(), 'fr').errors).toEqual([
      { path: '', message: '« Mauvais_Nom » n’est pas un identifiant d’offre valide (kebab-case : a-z, 0-9, -)' },
    ]);
    expect(checkOffering('constructor', sampleOffering()).errors).toEqual([
      { path: '', message: '"constructor" is a reserved name (it would clash with JavaScript\'s own objects): choose another id' },
    ]);
  });

  it("leaves the rest to zod's own words: its French locale in French, its English otherwise", () => {
    const tooLong = sampleOffering({ owner: 'x'.repeat(121) });
    expect(checkOffering('o', tooLong).errors).toEqual([{ path: 'owner', message: 'Too big: expected string to have <=120 characters' }]);
    expect(checkOffering('o', tooLong, 'fr').errors).toEqual([{ path: 'owner', message: expect.stringMatching(/^Trop grand/) }]);
    // zodErrorMap, which other parses use, is still the English one.
    const parsed = Offering.safeParse(sampleOffering({ lastReviewed: 'hier' }), { error: zodErrorMap });
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['must be a date written YYYY-MM-DD']);
  });

  it('gives safety.yaml and facts.yaml problems in French too', () => {
    const french = validateKnowledge({ ...raw, safety: undefined, offerings: [] }, { lang: 'fr' }).problems.map((p) => p.message);
    expect(french).toContain('le fichier est absent : sans lui, un message sur le suicide ou la violence n’obtiendrait aucune réponse d’urgence');
    const safety = safetyWithoutOfferings() as { situations: Record<string, { patterns: { fr: string[] } }> };
    Object.values(safety.situations)[0]!.patterns.fr.push('@personne frappe');
    const patterns = validateKnowledge({ ...raw, glossary: undefined, safety: { file: 'safety.yaml', data: safety }, offerings: [] }, { lang: 'fr' }).problems;
    expect(patterns.map((p) => p.message)).toEqual(['aucune liste de mots « personne » dans words']);
  });
});
