import { assess } from '../../src/eligibility/assess';
import { createI18n } from '../../src/i18n/load-locales';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { knowledgeDir, sampleOffering } from '../helpers/knowledge-fixture';

const i18n = createI18n();
const t = { fr: i18n.getFixedT('fr', 'eligibility'), en: i18n.getFixedT('en', 'eligibility') };
const now = new Date('2026-11-29T12:00:00Z');
const SOURCE = 'https://example.org/source';
const notes = { fr: 'x', en: 'y' };
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
        notes,
      },
    }),
    // Eligible through one branch: the other, failed, branch is not a reason.
    'adults-or-children': sampleOffering({
      eligibility: {
        rules: {
          any: [
            { fact: 'age', min: 18 },
            { fact: 'hasChildren', is: true },
          ],
        },
        notes,
      },
    }),
    'open-to-all': sampleOffering({ eligibility: { open: { source: SOURCE }, notes } }),
    'no-criteria': sampleOffering({ eligibility: { notes } }),
    'with-caveat': sampleOffering({
      eligibility: {
        rules: { fact: 'age', min: 16 },
        verify: [
          {
            when: { fact: 'status', in: ['asylum-claimant'] },
            reason: { fr: "Demandeurs d'asile : à confirmer auprès de l'organisme.", en: 'Asylum claimants: confirm with the organization.' },
          },
        ],
        notes,
      },
    }),
    'montreal-only': sampleOffering({ regions: ['montreal'], eligibility: { open: { source: SOURCE }, notes } }),
    'tax-year': sampleOffering({
      eligibility: {
        rules: {
          all: [
            { fact: 'age', min: 18, at: 'previous-year-end' },
            { fact: 'arrivalDate', atLeast: { months: 18 }, at: 'previous-year-end' },
          ],
        },
        notes,
      },
    }),
    // Each branch asks for other statuses: a failure says the status once, with every status named.
    'status-branches': sampleOffering({
      eligibility: {
        rules: {
          any: [
            { fact: 'status', in: ['asylum-claimant'] },
            {
              all: [
                { fact: 'status', in: ['protected-person'] },
                { fact: 'age', min: 18 },
              ],
            },
          ],
        },
        notes,
      },
    }),
    // Citizens, or permanent residents here for 18 months: the nearest branch explains a failure.
    'nearest-branch': sampleOffering({
      eligibility: {
        rules: {
          any: [
            { fact: 'status', in: ['citizen'] },
            {
              all: [
                { fact: 'status', in: ['permanent-resident'] },
                { fact: 'arrivalDate', atLeast: { months: 18 } },
              ],
            },
          ],
        },
        notes,
      },
    }),
    // Born in Canada, or here a year: two ways in, said as alternatives.
    'two-ways': sampleOffering({
      eligibility: {
        rules: {
          any: [
            { fact: 'bornInCanada', is: true },
            { fact: 'arrivalDate', atLeast: { years: 1 } },
          ],
        },
        notes,
      },
    }),
    irrelevant: sampleOffering({
      eligibility: {
        rules: {
          all: [
            { fact: 'lowIncome', is: true },
            {
              any: [
                { fact: 'age', min: 65 },
                { fact: 'hasChildren', is: true },
              ],
            },
          ],
        },
        notes,
      },
    }),
  }),
).kb!;
const check = (id: string, facts: Record<string, string | number | boolean>, on = now) => assess(kb, id, facts, t, on)!;

describe('reasons: only what decides, in plain words per fact', () => {
  it('explains "not eligible" by what failed, and only that', () => {
    const a = check('newcomers', { arrivalDate: '2019-10-01', status: 'permanent-resident', age: 40, socialAssistance: false });
    expect(a.status).toBe('ineligible');
    expect(a.reasons).toEqual([
      {
        fact: 'arrivalDate',
        outcome: 'unmet',
        fr: 'Arrivé·e il y a 7 ans : le service vise les 5 premières années',
        en: 'Arrived 7 years ago: the service is for the first 5 years',
      },
    ]);
  });

  it('says a fact that failed in several branches once, naming every value the branches accept', () => {
    const a = check('status-branches', { status: 'permanent-resident', age: 30 });
    expect(a.status).toBe('ineligible');
    expect(a.reasons.map((r) => r.en)).toEqual(['Permanent resident: the service is for “Asylum claimant” or “Refugee or protected person”']);
  });

  it('explains a failure of every branch by the nearest ones, not by a branch the client is far from', () => {
    const a = check('nearest-branch', { status: 'permanent-resident', arrivalDate: '2026-06-01' });
    expect(a.status).toBe('ineligible');
    expect(a.reasons.map((r) => r.fact)).toEqual(['arrivalDate']);
    expect(a.reasons[0]!.en).toBe('Arrived 5 months ago: at least 18 months must have passed since then');
  });

  it('says the failed branches of an either-or as alternatives', () => {
    const a = check('two-ways', { bornInCanada: false, arrivalDate: '2026-09-01' });
    expect(a.status).toBe('ineligible');
    expect(a.reasons.map((r) => r.fact)).toEqual(['bornInCanada', 'arrivalDate']);
    expect(a.reasons[1]!.en).toMatch(/^Or — Arrived 2 months ago: at least 1 year must have passed since then$/);
    expect(a.reasons[1]!.fr).toMatch(/^Ou — /);
  });

  it('words values, units, negations and booleans from the fact definitions', () => {
    const a = check('newcomers', { arrivalDate: '2026-11-10', status: 'permanent-resident', age: 17, socialAssistance: true });
    const byFact = Object.fromEntries(a.reasons.map((r) => [r.fact, r]));
    expect(byFact.age).toMatchObject({ outcome: 'unmet', fr: '17 ans : il faut au moins 18 ans', en: '17 years: at least 18 years is required' });
    expect(byFact.socialAssistance).toMatchObject({
      outcome: 'unmet',
      fr: "Reçoit l'aide sociale : le service demande « ne reçoit pas l'aide sociale »",
      en: 'Receives social assistance: the service requires “does not receive social assistance”',
    });
    expect(Object.keys(byFact).sort()).toEqual(['age', 'socialAssistance']);
  });

  it('explains "eligible" by the conditions of the branch that was met, never by a failed side branch', () => {
    const a = check('adults-or-children', { age: 34, hasChildren: false });
    expect(a.status).toBe('eligible');
    expect(a.reasons.map((r) => r.en)).toEqual(['34 years (at least 18 years is required)']);
    const eligible = check('newcomers', { arrivalDate: '2024-01-01', status: 'permanent-resident', age: 30, socialAssistance: false });
    expect(eligible.reasons.map((r) => r.fr)).toEqual([
      'Arrivé·e il y a 2 ans (le service vise les 5 premières années)',
      'Résident·e permanent·e',
      '30 ans (il faut au moins 18 ans)',
      "Ne reçoit pas l'aide sociale",
    ]);
  });

  it('explains "to check" by what is missing, and lists only facts whose answer can change it', () => {
    const a = check('newcomers', { arrivalDate: '2024-01-01', age: 30 });
    expect(a.status).toBe('unknown');
    expect(a.reasons.map((r) => r.fr)).toEqual(["Statut d'immigration : à préciser", 'Aide sociale : à préciser']);
    expect(a.missing).toEqual(['status', 'socialAssistance']);
    // Age 70 settles the `any`: children no longer matter.
    expect(check('irrelevant', { age: 70 }).missing).toEqual(['lowIncome']);
    expect(check('irrelevant', {}).missing).toEqual(['lowIncome', 'age', 'hasChildren']);
  });
});

describe('an offering with no criteria, open to all, with caveats, by region, by tax year', () => {
  it('is "to check" without sourced criteria, and eligible when its source says it is open to everyone', () => {
    expect(check('no-criteria', {})).toMatchObject({
      status: 'unknown',
      missing: [],
      reasons: [{ fact: '', outcome: 'unknown', en: 'Our sources do not say who is eligible: confirm with the organization.' }],
    });
    expect(check('open-to-all', {})).toMatchObject({
      status: 'eligible',
      reasons: [{ fact: '', outcome: 'met', fr: "Ouvert à toute personne, selon l'organisme." }],
    });
  });

  it('turns "eligible" into "to check" when a caveat of the sources applies or may apply, with its reason', () => {
    expect(check('with-caveat', { age: 30, status: 'permanent-resident' }).status).toBe('eligible');
    expect(check('with-caveat', { age: 30, status: 'asylum-claimant' })).toMatchObject({
      status: 'unknown',
      missing: [],
      reasons: [{ fact: 'status', outcome: 'unknown', en: 'Asylum claimants: confirm with the organization.' }],
    });
    // Status not known yet: the caveat may apply, so status is what to ask.
    expect(check('with-caveat', { age: 30 })).toMatchObject({ status: 'unknown', missing: ['status'] });
    // A caveat never rescues a "not eligible".
    expect(check('with-caveat', { age: 12, status: 'asylum-claimant' }).status).toBe('ineligible');
  });

  it("applies the offering's regions to the client's region", () => {
    expect(check('montreal-only', { region: 'montreal' }).status).toBe('eligible');
    expect(check('montreal-only', { region: 'laval' })).toMatchObject({
      status: 'ineligible',
      reasons: [{ fact: 'region', en: 'Laval: the service is for “Montréal”' }],
    });
    expect(check('montreal-only', {})).toMatchObject({ status: 'unknown', missing: ['region'] });
  });

  it('counts months in Canada and age on 31 December of last year for tax-year programs', () => {
    const dec = new Date('2026-12-02T12:00:00Z');
    // 18 months by 31 Dec 2025 means arrived by 30 June 2024.
    expect(check('tax-year', { age: 40, arrivalDate: '2024-06-30' }, dec).status).toBe('eligible');
    expect(check('tax-year', { age: 40, arrivalDate: '2024-07-15' }, dec).status).toBe('ineligible');
    // Arrived this year: nothing counted yet on 31 December last year.
    expect(check('tax-year', { age: 40, arrivalDate: '2026-03-01' }, dec).status).toBe('ineligible');
    // 18 today may have been 17 on 31 December: to check; 19 today was at least 18.
    expect(check('tax-year', { age: 18, arrivalDate: '2020-01-01' }, dec).status).toBe('unknown');
    expect(check('tax-year', { age: 19, arrivalDate: '2020-01-01' }, dec).status).toBe('eligible');
    expect(check('tax-year', { age: 17, arrivalDate: '2020-01-01' }, dec).status).toBe('ineligible');
    expect(check('tax-year', { age: 40, arrivalDate: '2024-07-15' }, dec).reasons[0]!.en).toBe(
      'Arrived 2 years ago: on 31 December last year, at least 18 months must have passed since then',
    );
  });
});
