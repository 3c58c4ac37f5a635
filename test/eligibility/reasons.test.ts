import { assess } from '../../src/eligibility/assess';
import { createI18n } from '../../src/i18n/load-locales';
import { knowledgeDir, sampleOffering } from '../helpers/knowledge-fixture';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';

const i18n = createI18n();
const t = { fr: i18n.getFixedT('fr', 'eligibility'), en: i18n.getFixedT('en', 'eligibility') };
const now = new Date('2026-11-29T12:00:00Z');
const kb = loadKnowledgeDir(
  knowledgeDir({
    newcomers: sampleOffering({
      eligibility: {
        rules: {
          all: [
            { fact: 'arrivalDate', within: { years: 5 } },
            { fact: 'status', in: ['permanent-resident', 'protected-person'] },
            { fact: 'age', min: 18 },
            { not: { fact: 'socialAssistance', is: true } },
          ],
        },
        notes: { fr: 'x', en: 'y' },
      },
    }),
  }),
).kb!;

describe('reasons, one per condition, in both languages', () => {
  it('explains an ineligible answer by what failed first', () => {
    const a = assess(kb, 'newcomers', { arrivalDate: '2019-10-01', status: 'permanent-resident', age: 40, socialAssistance: false }, t, now)!;
    expect(a.status).toBe('ineligible');
    expect(a.reasons[0]).toEqual({
      fact: 'arrivalDate',
      outcome: 'unmet',
      fr: 'arrivé·e il y a 7 ans : le service vise les 5 premières années',
      en: 'arrived 7 years ago: the service is for the first 5 years',
    });
    expect(a.reasons).toHaveLength(4);
    expect(a.reasons.slice(1).every((r) => r.outcome === 'met')).toBe(true);
  });

  it('words values, units, negations and unknowns from the fact definitions', () => {
    const a = assess(kb, 'newcomers', { arrivalDate: '2026-11-10', age: 17, socialAssistance: true }, t, now)!;
    const byFact = Object.fromEntries(a.reasons.map((r) => [r.fact, r]));
    expect(byFact.age).toMatchObject({ outcome: 'unmet', fr: '17 ans (âge) : il faut au moins 18 ans', en: '17 years (age): at least 18 years is required' });
    expect(byFact.socialAssistance).toMatchObject({
      outcome: 'unmet',
      fr: 'oui (aide sociale) : le service demande « non »',
      en: 'yes (social assistance): the service requires “no”',
    });
    expect(byFact.status).toMatchObject({
      outcome: 'unknown',
      fr: expect.stringMatching(/^statut d'immigration : inconnu : le service est réservé à Résident·e permanent·e ou /),
    });
    expect(byFact.arrivalDate!.en).toBe('arrived less than a month ago: the service is for the first 5 years');
  });

  it('lists the missing facts of an unknown answer', () => {
    const a = assess(kb, 'newcomers', { arrivalDate: '2024-01-01', age: 30 }, t, now)!;
    expect(a.status).toBe('unknown');
    expect(a.missing).toEqual(['status', 'socialAssistance']);
  });
});
