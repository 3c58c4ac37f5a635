import { evaluateRule, type Status } from '../../src/eligibility/evaluate';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

const kb = loadKnowledgeDir(REAL_KNOWLEDGE).kb!;
const now = new Date('2026-11-29T12:00:00Z');

type Facts = Record<string, string | number | boolean>;
/** Client profiles and the expected status of named offerings of the real knowledge base. */
const PROFILES: [string, Facts, Record<string, Status>][] = [
  [
    'permanent resident, 34, arrived 2 years ago, low income, two children',
    { status: 'permanent-resident', age: 34, arrivalDate: '2024-10-01', lowIncome: true, hasChildren: true, region: 'montreal' },
    {
      'francisation-quebec': 'eligible',
      'aide-sociale': 'eligible',
      'allocation-famille': 'eligible',
      'allocation-canadienne-enfants': 'eligible',
      'hlm-supplement-loyer': 'eligible',
      'ramq-assurance-maladie': 'eligible',
      'pfsi-sante-interimaire': 'ineligible',
    },
  ],
  [
    'asylum claimant, 28, no work permit, one child',
    { status: 'asylum-claimant', age: 28, workPermit: 'none', hasChildren: true, arrivalDate: '2026-05-01' },
    {
      'pfsi-sante-interimaire': 'eligible',
      praida: 'eligible',
      'ramq-assurance-maladie': 'ineligible',
      'garde-subventionnee': 'ineligible',
      'allocation-famille': 'ineligible',
      'francisation-quebec': 'eligible',
      'hlm-supplement-loyer': 'ineligible',
    },
  ],
  [
    'asylum claimant with an open work permit and a child',
    { status: 'asylum-claimant', workPermit: 'open', hasChildren: true },
    { 'garde-subventionnee': 'eligible', 'credit-solidarite': 'ineligible' },
  ],
  [
    'temporary worker on a closed permit, arrived 8 months ago',
    { status: 'temporary-worker', workPermit: 'employer-specific', arrivalDate: '2026-03-15', age: 41 },
    {
      'ramq-assurance-maladie': 'eligible',
      'services-aide-emploi': 'ineligible',
      'subvention-salariale': 'ineligible',
      'credit-solidarite': 'ineligible',
      'aide-sociale': 'ineligible',
    },
  ],
  [
    'temporary worker on an open permit, arrived 2 years ago, with children',
    { status: 'temporary-worker', workPermit: 'open', arrivalDate: '2024-09-01', hasChildren: true, age: 35 },
    {
      'ramq-assurance-maladie': 'ineligible',
      'allocation-famille': 'eligible',
      'allocation-canadienne-enfants': 'eligible',
      'credit-solidarite': 'eligible',
      'garde-subventionnee': 'eligible',
    },
  ],
  [
    'international graduate with a post-graduation work permit',
    { status: 'temporary-worker', workPermit: 'post-graduation', age: 26 },
    { 'services-aide-emploi': 'eligible', 'subvention-salariale': 'eligible', 'carrefours-jeunesse-emploi': 'eligible' },
  ],
  [
    'international student, 22, arrived 6 months ago',
    { status: 'international-student', age: 22, arrivalDate: '2026-05-20' },
    { 'credit-solidarite': 'ineligible', 'carrefours-jeunesse-emploi': 'eligible', 'quebec-pluriel': 'ineligible', 'ramq-assurance-maladie': 'ineligible' },
  ],
  [
    'protected person, 19, looking for work',
    { status: 'protected-person', age: 19, employment: 'unemployed' },
    { 'quebec-pluriel': 'eligible', 'pfsi-sante-interimaire': 'eligible', 'ramq-assurance-maladie': 'eligible', 'carrefours-jeunesse-emploi': 'eligible' },
  ],
  [
    'engineer trained abroad, unemployed, no North-American experience',
    { status: 'permanent-resident', employment: 'unemployed', canadianExperience: false, studiedAbroad: true, regulatedProfession: true },
    { priime: 'eligible', 'services-aide-emploi': 'eligible' },
  ],
  ['underemployed with Canadian experience', { status: 'permanent-resident', employment: 'underemployed', canadianExperience: true }, { priime: 'ineligible' }],
  ['employed: PRIIME is not for people already in a job', { status: 'citizen', employment: 'employed' }, { priime: 'ineligible' }],
  [
    'a child of 10 with parents of any status',
    { status: 'no-status', age: 10 },
    { 'ramq-assurance-maladie': 'eligible', 'francisation-quebec': 'ineligible', 'carrefours-jeunesse-emploi': 'ineligible' },
  ],
  [
    'person without status, adult',
    { status: 'no-status', age: 40 },
    { praida: 'eligible', 'ramq-assurance-maladie': 'ineligible', 'aide-sociale': 'ineligible', 'protection-parraines-violence': 'eligible' },
  ],
  [
    'sponsored spouse',
    { status: 'permanent-resident', sponsored: true, gender: 'woman' },
    { 'protection-parraines-violence': 'eligible', 'organismes-femmes-immigrantes': 'eligible' },
  ],
  [
    'man, not sponsored',
    { status: 'permanent-resident', sponsored: false, gender: 'man' },
    { 'protection-parraines-violence': 'ineligible', 'organismes-femmes-immigrantes': 'ineligible' },
  ],
  [
    'first application for social assistance, low income',
    { status: 'permanent-resident', firstAssistanceRequest: true, lowIncome: true },
    { 'objectif-emploi': 'eligible', 'aide-sociale': 'eligible', 'aide-juridique': 'eligible' },
  ],
  [
    'already received social assistance before',
    { status: 'permanent-resident', firstAssistanceRequest: false, lowIncome: true },
    { 'objectif-emploi': 'ineligible' },
  ],
  ['on social assistance: legal aid is financially open without asking income', { socialAssistance: true }, { 'aide-juridique': 'eligible' }],
  [
    'not low income and not on assistance',
    { socialAssistance: false, lowIncome: false, status: 'citizen' },
    { 'aide-juridique': 'ineligible', 'aide-sociale': 'ineligible', 'hlm-supplement-loyer': 'ineligible' },
  ],
  [
    'senior of 62, low income, arrived 3 years ago, no children',
    { age: 62, lowIncome: true, arrivalDate: '2023-06-01', hasChildren: false },
    { 'allocation-logement': 'eligible', 'carrefours-jeunesse-emploi': 'ineligible' },
  ],
  [
    'low income, 40, no children: shelter allowance is for families or people 50+',
    { age: 40, lowIncome: true, arrivalDate: '2022-01-01', hasChildren: false },
    { 'allocation-logement': 'ineligible' },
  ],
  [
    'arrived 6 months ago: housing programs need time in the area',
    { status: 'permanent-resident', lowIncome: true, arrivalDate: '2026-05-29', hasChildren: true },
    { 'hlm-supplement-loyer': 'ineligible', 'allocation-logement': 'ineligible' },
  ],
  [
    'nothing known yet',
    {},
    {
      'info-sante-811': 'eligible',
      'sos-violence-conjugale': 'eligible',
      'francisation-quebec': 'unknown',
      'aide-sociale': 'unknown',
      'ramq-assurance-maladie': 'unknown',
    },
  ],
  [
    'status known, income not: unknown, with the missing fact',
    { status: 'permanent-resident' },
    { 'aide-sociale': 'unknown', 'credit-solidarite': 'eligible' },
  ],
];

describe('eligibility on the real knowledge base', () => {
  it('has at least 20 profiles', () => expect(PROFILES.length).toBeGreaterThanOrEqual(20));

  it.each(PROFILES)('%s', (_name, facts, expected) => {
    const actual = Object.fromEntries(Object.keys(expected).map((id) => [id, evaluateRule(kb.get(id)!.eligibility.rules, facts, kb.facts, now).status]));
    expect(actual).toEqual(expected);
  });

  it('names the missing facts of an unknown status', () => {
    expect(evaluateRule(kb.get('aide-sociale')!.eligibility.rules, { status: 'permanent-resident' }, kb.facts, now).missing).toEqual(['lowIncome']);
  });
});
