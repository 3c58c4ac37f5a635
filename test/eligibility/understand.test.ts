import { readAge, readAnswer, readFacts, readNumber, readOption, wordsOf } from '../../src/eligibility/understand';
import { readDate } from '../../src/eligibility/understand-dates';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

const kb = loadKnowledgeDir(REAL_KNOWLEDGE).kb!;
const TODAY = new Date('2026-12-02T12:00:00Z');
const enumDef = (fact: string) => {
  const def = kb.facts[fact]!;
  if (def.type !== 'enum') throw new Error(fact);
  return def;
};
const YES_NO = { yes: ['oui', 'yes'], no: ['non', 'no'] };

describe('options by meaning, in French and English', () => {
  it.each([
    ['résident permanent', 'permanent-resident'],
    ['résidente permanente', 'permanent-resident'],
    ['Résident·e permanent·e', 'permanent-resident'],
    ['residente permanente', 'permanent-resident'],
    ['RP', 'permanent-resident'],
    ['PR', 'permanent-resident'],
    ['she is a PR', 'permanent-resident'],
    ['refugee claimant', 'asylum-claimant'],
    ['demandeur d’asile', 'asylum-claimant'],
    ["demandeuse d'asile", 'asylum-claimant'],
    ['Demandeur·euse d’asile', 'asylum-claimant'],
    ['asylum seeker', 'asylum-claimant'],
    ['DA', 'asylum-claimant'],
    ['demandeur d’asile débouté', 'refused-claimant'],
    ['réfugié', 'protected-person'],
    ['travailleuse temporaire', 'temporary-worker'],
    ['TET', 'temporary-worker'],
    ['étudiante étrangère', 'international-student'],
    ['citoyenne canadienne', 'citizen'],
    ['2', 'protected-person'],
  ])('status %j → %s', (text, value) => expect(readOption(text, 'status', enumDef('status'))).toBe(value));

  it.each([
    ['permis fermé', 'employer-specific'],
    ['PGWP', 'post-graduation'],
    ['PTPD', 'post-graduation'],
    ['permis ouvert', 'open'],
    ['pas de permis', 'none'],
  ])('work permit %j → %s', (text, value) => expect(readOption(text, 'workPermit', enumDef('workPermit'))).toBe(value));

  it.each([
    ['no job', 'unemployed'],
    ['sans emploi', 'unemployed'],
    ['looking for work', 'unemployed'],
    ['sous-employée', 'underemployed'],
  ])('employment %j → %s', (text, value) => expect(readOption(text, 'employment', enumDef('employment'))).toBe(value));

  it('reads a city as its region, and a denied option as no answer', () => {
    expect(readOption('elle habite à Gatineau', 'region', enumDef('region'))).toBe('outaouais');
    expect(readOption('Trois-Rivières', 'region', enumDef('region'))).toBe('mauricie');
    expect(readOption('pas RP', 'status', enumDef('status'))).toBeUndefined();
    expect(readOption('banane', 'status', enumDef('status'))).toBeUndefined();
    // An option's own id, and a number past the list.
    expect(readOption('asylum-claimant', 'status', enumDef('status'))).toBe('asylum-claimant');
    expect(readOption('9', 'status', enumDef('status'))).toBeUndefined();
  });

  it('brings inclusive and feminine forms to one', () => {
    expect(wordsOf('Résident·e permanent·e')).toEqual(wordsOf('résidente permanente'));
    expect(wordsOf('Travailleur·euse')).toEqual(wordsOf('travailleuse'));
    expect(wordsOf('étudiant(e)')).toEqual(wordsOf('étudiante'));
  });

  it('reads yes and no in the fact’s own words', () => {
    expect(readAnswer('parrainée par son mari', 'sponsored', kb.facts.sponsored!, TODAY, YES_NO)).toEqual({ value: true });
    expect(readAnswer('pas parrainée', 'sponsored', kb.facts.sponsored!, TODAY, YES_NO)).toEqual({ value: false });
    expect(readAnswer('Oui', 'sponsored', kb.facts.sponsored!, TODAY, YES_NO)).toEqual({ value: true });
  });
});

describe('numbers and dates in sentences', () => {
  it.each([
    ["j'ai 40 ans", 40],
    ['I am 40', 40],
    ["I'm 40", 40],
    ['elle a 34 ans', 34],
    ['a 34-year-old', 34],
    ['âgée de 52 ans', 52],
    ['age 61', 61],
  ])('age %j → %d', (text, n) => expect(readAge(text)).toBe(n));

  it.each(['il y a 2 ans', '2 years ago', 'elle a 2 enfants', 'depuis 3 ans'])('%j is no age', (text) => expect(readAge(text)).toBeUndefined());
  it('a number answer: alone, in a sentence, never a duration', () => {
    expect(readNumber('environ 40')).toBe(40);
    expect(readNumber('34')).toBe(34);
    expect(readNumber('il y a 2 ans')).toBeUndefined();
  });

  it.each([
    ['1er mai 2023', '2023-05-01', undefined],
    ['arrivée le 3 juin 2022 à Montréal', '2022-06-03', undefined],
    ['depuis 2023', '2023-07-02', { from: '2023-01-01', to: '2023-12-31' }],
    ['2024', '2024-07-01', { from: '2024-01-01', to: '2024-12-31' }],
    ['03/2024', '2024-03-16', { from: '2024-03-01', to: '2024-03-31' }],
    ['mai 2023', '2023-05-16', { from: '2023-05-01', to: '2023-05-31' }],
    ['il y a 2 ans', '2024-12-01', { from: '2024-06-02', to: '2025-06-02' }],
    ['2 years ago', '2024-12-01', { from: '2024-06-02', to: '2025-06-02' }],
    ['last spring', '2026-05-04', { from: '2026-03-20', to: '2026-06-19' }],
    ['le printemps dernier', '2026-05-04', { from: '2026-03-20', to: '2026-06-19' }],
    ["l'an dernier", '2025-07-02', { from: '2025-01-01', to: '2025-12-31' }],
  ])('date %j → %s', (text, value, approx) => expect(readDate(text, TODAY)).toEqual({ value, ...(approx ? { approx } : {}) }));

  it('a period is cut at today, and one not begun is no date', () => {
    expect(readDate('cette année', TODAY)).toEqual({ value: '2026-06-17', approx: { from: '2026-01-01', to: '2026-12-02' } });
    expect(readDate('2030', TODAY)).toBeUndefined();
    expect(readDate('hier soir peut-être', TODAY)).toBeUndefined();
  });
});

describe('several facts in one message', () => {
  const read = (text: string) => Object.fromEntries([...readFacts(text, kb.facts, TODAY)].map(([f, u]) => [f, u.value]));

  it('reads status, arrival, region and age, in English and in French', () => {
    expect(read("she's a PR since 2023, lives in Laval, 34")).toEqual({ status: 'permanent-resident', arrivalDate: '2023-07-02', region: 'laval', age: 34 });
    expect(read('elle est RP depuis 2023, habite à Laval, 34 ans')).toEqual({
      status: 'permanent-resident',
      arrivalDate: '2023-07-02',
      region: 'laval',
      age: 34,
    });
    expect(read('check eligibility for a 34-year-old PR in Laval')).toEqual({ status: 'permanent-resident', region: 'laval', age: 34 });
  });

  it('takes the longest phrase, so a work permit is not a status, and a denial is a no', () => {
    expect(read('travailleuse temporaire, permis fermé, 2 enfants')).toEqual({
      status: 'temporary-worker',
      workPermit: 'employer-specific',
      hasChildren: true,
    });
    expect(read('aucun permis de travail')).toEqual({ workPermit: 'none' });
    expect(read('not sponsored, asylum seeker')).toEqual({ sponsored: false, status: 'asylum-claimant' });
    expect(read('refugee claimant in Sherbrooke who needs a job')).toEqual({ status: 'asylum-claimant', region: 'estrie', need: 'employment' });
  });

  it('reads nothing from a question that states no fact', () => {
    expect(read('où trouver des cours?')).toEqual({});
    expect(read('what is the RAMQ waiting period')).toEqual({ need: 'health' });
  });
});
