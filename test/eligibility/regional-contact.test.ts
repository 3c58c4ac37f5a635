import { detailsCard } from '../../src/cards/details-card';
import { eligibilityResultsCard } from '../../src/cards/eligibility-results-card';
import { assess } from '../../src/eligibility/assess';
import { justifyingFacts } from '../../src/eligibility/evaluate';
import { createI18n } from '../../src/i18n/load-locales';
import { translator } from '../../src/i18n/translator';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { regionalContact } from '../../src/knowledge/regional-contact';
import { referralLetter } from '../../src/referrals/letter';
import { knowledgeDir, sampleOffering } from '../helpers/knowledge-fixture';

const i18n = createI18n();
const now = new Date('2026-11-29T12:00:00Z');
const reasonsT = { fr: i18n.getFixedT('fr', 'eligibility'), en: i18n.getFixedT('en', 'eligibility') };
const kb = loadKnowledgeDir(
  knowledgeDir({
    'demandeurs-asile': sampleOffering({
      eligibility: { rules: { fact: 'status', in: ['asylum-claimant'] }, notes: { fr: 'x', en: 'x' } },
      access: {
        modes: ['in-person', 'phone'],
        howTo: { fr: 'Appelez la ligne générale.', en: 'Call the general line.' },
        phones: [{ number: '1 800 555-0100', label: { fr: 'ligne générale', en: 'general line' } }],
        regional: [
          {
            regions: ['montreal', 'laval'],
            name: { fr: 'Bureau de Montréal', en: 'Montréal office' },
            phones: [{ number: '514 555-0111' }],
            address: '1 rue Exemple, Montréal',
          },
          { regions: ['estrie'], name: { fr: 'Bureau de Sherbrooke', en: 'Sherbrooke office' }, phones: [{ number: '819 555-0122' }] },
        ],
      },
    }),
  }),
).kb!;
const offering = kb.get('demandeurs-asile')!;
const text = (card: object) => JSON.stringify(card);

describe('an offering whose points of service differ by region', () => {
  it("gives the client's region its own point of service, and none for a region without one", () => {
    expect(regionalContact(offering, 'laval')?.name.en).toBe('Montréal office');
    expect(regionalContact(offering, 'estrie')?.phones[0]?.number).toBe('819 555-0122');
    expect(regionalContact(offering, 'outaouais')).toBeUndefined();
    expect(regionalContact(offering, undefined)).toBeUndefined();
  });

  it("shows the client's own point of service first on the details card, every region's when the region is not known", () => {
    const t = translator(i18n, 'fr');
    const own = text(detailsCard(offering, 'fr', t, { now, staleAfterDays: 1000, facts: kb.facts, region: 'laval' }));
    expect(own).toContain('Pour votre client·e (Montréal et Laval) :');
    expect(own.indexOf('514 555-0111')).toBeLessThan(own.indexOf('1 800 555-0100'));
    expect(own).not.toContain('819 555-0122');
    const self = text(detailsCard(offering, 'en', translator(i18n, 'en'), { now, staleAfterDays: 1000, facts: kb.facts, region: 'laval', audience: 'self' }));
    expect(self).toContain('In your region (Montréal and Laval):');
    const all = text(detailsCard(offering, 'en', translator(i18n, 'en'), { now, staleAfterDays: 1000, facts: kb.facts }));
    expect(all).toContain('Points of service by region:');
    expect(all).toContain('**Estrie (Eastern Townships)**');
    expect(all).toContain('819 555-0122');
  });

  it('names the regional contact under an eligible result, never under a not eligible one', () => {
    const t = translator(i18n, 'en');
    const eligible = assess(kb, offering.id, { status: 'asylum-claimant', region: 'estrie' }, reasonsT, now)!;
    expect(text(eligibilityResultsCard(kb, [eligible], 'en', t, { canRefer: true, region: 'estrie' }))).toContain(
      'Contact for the Estrie (Eastern Townships) region:\\nSherbrooke office\\n- 819 555-0122',
    );
    const not = assess(kb, offering.id, { status: 'citizen', region: 'estrie' }, reasonsT, now)!;
    expect(text(eligibilityResultsCard(kb, [not], 'en', t, { canRefer: true, region: 'estrie' }))).not.toContain('Sherbrooke office');
  });

  it('keeps the region with a referral only when it picks the point of service, and the letter gives that contact', () => {
    expect(justifyingFacts(offering, { status: 'asylum-claimant', region: 'montreal', age: 30 }, kb.facts, now)).toEqual({
      status: 'asylum-claimant',
      region: 'montreal',
    });
    expect(justifyingFacts(offering, { status: 'asylum-claimant', region: 'outaouais' }, kb.facts, now)).toEqual({ status: 'asylum-claimant' });
    const referral = {
      id: 'r1',
      reference: 'PAS-7K3M-Q9TX',
      offeringId: offering.id,
      facts: { status: 'asylum-claimant', region: 'montreal' },
      language: 'fr' as const,
      channel: 'msteams',
      caseworkerId: 'cw',
      createdAt: '2026-11-29T15:00:00.000Z',
      updatedAt: '2026-11-29T15:00:00.000Z',
      status: 'created' as const,
      events: [],
      discreet: false,
    };
    const letter = referralLetter(referral, offering, i18n.getFixedT('fr', 'referral'));
    expect(letter).toContain('Bureau de Montréal');
    expect(letter).toContain('514 555-0111');
    expect(letter).toContain('1 rue Exemple, Montréal');
    expect(letter.indexOf('514 555-0111')).toBeLessThan(letter.indexOf('1 800 555-0100'));
    const discreet = referralLetter({ ...referral, discreet: true }, offering, i18n.getFixedT('fr', 'referral'));
    expect(discreet).toContain('514 555-0111');
    expect(discreet).not.toContain('Bureau de Montréal');
  });
});
