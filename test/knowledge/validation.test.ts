import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { formatProblem } from '../../src/knowledge/problems';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { knowledgeDir, REAL_KNOWLEDGE, sampleOffering } from '../helpers/knowledge-fixture';

const today = new Date('2026-11-29T12:00:00Z');
const errorsOf = (dir: string) =>
  loadKnowledgeDir(dir, { today })
    .problems.filter((p) => p.severity === 'error')
    .map((p) => formatProblem({ ...p, file: p.file.split('/').slice(-2).join('/') }));

describe('the real knowledge base', () => {
  const { kb, problems } = loadKnowledgeDir(REAL_KNOWLEDGE, { today });

  it('has no validation error', () => {
    expect(problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
  });

  it('holds at least 30 offerings, each sourced and reviewed', () => {
    expect(kb!.offerings.length).toBeGreaterThanOrEqual(30);
    for (const o of kb!.offerings) {
      expect(o.sources.length).toBeGreaterThan(0);
      expect(o.lastReviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('has the same version however often it is loaded', () => {
    expect(loadKnowledgeDir(REAL_KNOWLEDGE, { today }).kb!.version).toBe(kb!.version);
  });
});

describe('validation errors', () => {
  it('accepts a valid offering', () => {
    expect(errorsOf(knowledgeDir({ 'cooking-classes': sampleOffering() }))).toEqual([]);
  });

  it('reports every error at once, each as file: field.path: message', () => {
    const dir = knowledgeDir({
      'bad-one': sampleOffering({
        name: { fr: 'Nom seulement en français' },
        categories: ['settlement', 'astrology'],
        eligibility: {
          rules: { all: [{ fact: 'shoeSize', min: 3 }, { fact: 'status', in: ['tourist'] }, { fact: 'age', is: true }] },
          notes: { fr: 'x', en: 'y' },
        },
      }),
      'bad-two': sampleOffering({ lastReviewed: '15 mars 2026', sources: [] }),
    });
    expect(errorsOf(dir)).toEqual(
      expect.arrayContaining([
        'offerings/bad-one.yaml: name.en: missing English translation',
        expect.stringMatching(/^offerings\/bad-one\.yaml: categories\.1: must be one of: settlement, /),
        expect.stringMatching(/^offerings\/bad-one\.yaml: eligibility\.rules\.all\.0\.fact: unknown fact "shoeSize"/),
        expect.stringMatching(/^offerings\/bad-one\.yaml: eligibility\.rules\.all\.1\.in\.0: unknown value "tourist" for fact "status"/),
        expect.stringMatching(/^offerings\/bad-one\.yaml: eligibility\.rules\.all\.2\.is: "is" does not apply to number fact "age"/),
        'offerings/bad-two.yaml: sources: at least one source',
        'offerings/bad-two.yaml: lastReviewed: must be a date written YYYY-MM-DD',
      ]),
    );
  });

  it('checks rules only once the shape is valid, but still reports every file', () => {
    const dir = knowledgeDir({
      a: sampleOffering({ eligibility: { rules: { all: [{ fact: 'age', min: 200 }] }, notes: { fr: 'x', en: 'y' } } }),
      b: sampleOffering({ eligibility: { rules: { any: [{ fact: 'region', in: ['atlantis'] }] }, notes: { fr: 'x', en: 'y' } } }),
    });
    expect(errorsOf(dir)).toEqual([
      'offerings/a.yaml: eligibility.rules.all.0.min: 200 is outside the range of "age" (0 to 120)',
      expect.stringMatching(/^offerings\/b\.yaml: eligibility\.rules\.any\.0\.in\.0: unknown value "atlantis" for fact "region"/),
    ]);
  });

  it('traces each caveat to one of the offering\'s sources, and an open offering to the page that says so', () => {
    const verify = (source: string) => [{ when: { fact: 'age', max: 20 }, reason: { fr: 'Moins de 21 ans : à confirmer auprès de l\'organisme.', en: 'Under 21: confirm with the organization.' }, source }];
    const dir = knowledgeDir({
      traced: sampleOffering({
        eligibility: { rules: { all: [{ fact: 'age', min: 18 }] }, verify: verify('S7'), notes: { fr: 'x', en: 'y' } },
        sources: [{ url: 'https://example.org/source', kind: 'official', ref: 'S7' }],
      }),
      untraced: sampleOffering({ eligibility: { rules: { all: [{ fact: 'age', min: 18 }] }, verify: verify('S9'), notes: { fr: 'x', en: 'y' } } }),
      open: sampleOffering({ eligibility: { open: { source: 'https://example.org/elsewhere' }, notes: { fr: 'x', en: 'y' } } }),
    });
    expect(errorsOf(dir)).toEqual([
      'offerings/open.yaml: eligibility.open.source: must be the URL of one of the offering\'s sources (the page that says it is open to everyone)',
      'offerings/untraced.yaml: eligibility.verify.0.source: "S9" is the ref of none of the offering\'s sources (none has a ref)',
    ]);
  });

  it('rejects a condition with no test or two kinds of test, and unknown fields', () => {
    const dir = knowledgeDir({
      c: sampleOffering({
        colour: 'blue',
        eligibility: { rules: { all: [{ fact: 'age' }, { fact: 'age', min: 3, is: true }] }, notes: { fr: 'x', en: 'y' } },
      }),
    });
    expect(errorsOf(dir)).toEqual(
      expect.arrayContaining([
        'offerings/c.yaml: unknown field: colour',
        'offerings/c.yaml: eligibility.rules.all.0: a condition needs exactly one kind of test: in, is, min/max, or within/atLeast',
        'offerings/c.yaml: eligibility.rules.all.1: a condition needs exactly one kind of test: in, is, min/max, or within/atLeast',
      ]),
    );
  });

  it('reports duplicate ids, bad file names and YAML syntax errors with their line', () => {
    const dir = knowledgeDir({ 'same-id.yaml': sampleOffering(), 'same-id.yml': sampleOffering(), 'Bad_Name': sampleOffering(), broken: 'name:\n  fr: "unterminated\n' });
    const errors = errorsOf(dir);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^offerings\/same-id\.yml: duplicate offering id "same-id"/),
        expect.stringMatching(/^offerings\/Bad_Name\.yaml: the file name "Bad_Name" is not a valid offering id/),
        expect.stringMatching(/^offerings\/broken\.yaml: line \d+, column \d+: YAML: /),
      ]),
    );
  });

  it('warns, without failing, about an entry not reviewed for 12 months', () => {
    const dir = knowledgeDir({ old: sampleOffering({ lastReviewed: '2025-01-10' }) });
    const { kb, problems } = loadKnowledgeDir(dir, { today });
    expect(kb).toBeDefined();
    expect(problems.map((p) => formatProblem({ ...p, file: 'old.yaml' }))).toEqual([
      'old.yaml: lastReviewed: warning: last reviewed 2025-01-10, more than 365 days ago',
    ]);
  });

  it('reports a missing offerings folder instead of throwing', () => {
    const { kb, problems } = loadKnowledgeDir(join(REAL_KNOWLEDGE, 'no-such-folder'), { today });
    expect(kb).toBeUndefined();
    expect(problems.some((p) => p.message.includes('offerings folder is missing'))).toBe(true);
  });
});

describe('what facts.yaml says about answers', () => {
  /** A fixture whose facts.yaml is the real one changed by `edit`. */
  const withFacts = (edit: (facts: Record<string, Record<string, unknown>>) => void) => {
    const dir = knowledgeDir({ a: sampleOffering() });
    const facts = parse(readFileSync(join(dir, 'facts.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
    edit(facts);
    writeFileSync(join(dir, 'facts.yaml'), stringify(facts));
    return dir;
  };

  it('names the file and field of words for no answer, a bad implication, and a need that is no category', () => {
    const dir = withFacts((f) => {
      f.status!.words = { 'permanent-resident': ['RP'], 'landed-alien': ['LA'] };
      f.age!.words = { yes: ['old'] };
      f.sponsored!.impliedBy = [
        { when: { fact: 'status', in: ['martian'] }, value: false, because: { fr: 'x', en: 'y' } },
        { when: { fact: 'status', in: ['citizen'] }, value: 'maybe', because: { fr: 'x', en: 'y' } },
      ];
      (f.need!.options as Record<string, unknown>)['space-travel'] = { fr: 'Espace', en: 'Space' };
    });
    expect(errorsOf(dir).map((e) => e.replace(/^[^/]+\//, ''))).toEqual(
      expect.arrayContaining([
        'facts.yaml: status.words.landed-alien: unknown answer "landed-alien" (allowed: permanent-resident, protected-person, asylum-claimant, refused-claimant, temporary-worker, international-student, citizen, no-status)',
        'facts.yaml: age.words.yes: words apply to enum and boolean facts, not number',
        expect.stringMatching(/^facts\.yaml: sponsored\.impliedBy\.0\.when\.in\.0: unknown value "martian" for fact "status"/),
        'facts.yaml: sponsored.impliedBy.1.value: "maybe" is not an answer to "sponsored"',
        expect.stringMatching(/^facts\.yaml: need\.options\.space-travel: not an offering category/),
      ]),
    );
  });
});
