import { fiscalYear, referralCrossCsv, referralCsv, referralReport, stalenessReport } from '../../src/admin/reports';
import type { Referral } from '../../src/referrals/referral-schema';
import { realKnowledge } from '../server/harness';
import { REAL_OFFERINGS } from '../helpers/knowledge-fixture';

const referral = (offeringId: string, createdAt: string, facts: Referral['facts']): Referral => ({
  id: '00000000-0000-4000-8000-000000000000',
  reference: 'PAS-AAAA-BBBB',
  offeringId,
  facts,
  language: 'fr',
  channel: 'msteams',
  caseworkerId: 'cw',
  createdAt,
  updatedAt: createdAt,
  status: 'created',
  events: [],
  discreet: false,
});

describe('reports', () => {
  it('counts referrals by offering, region, month, gender and status; gender only where the client said', () => {
    const report = referralReport([
      referral('organismes-femmes-immigrantes', '2026-10-03T10:00:00.000Z', { gender: 'woman', region: 'montreal' }),
      referral('organismes-femmes-immigrantes', '2026-11-01T10:00:00.000Z', { gender: 'woman' }),
      referral('francisation-quebec', '2026-11-20T10:00:00.000Z', { region: 'capitale-nationale' }),
    ]);
    expect(report).toEqual({
      total: 3,
      byOffering: [
        { key: 'organismes-femmes-immigrantes', count: 2 },
        { key: 'francisation-quebec', count: 1 },
      ],
      byRegion: [
        { key: 'capitale-nationale', count: 1 },
        { key: 'montreal', count: 1 },
        { key: 'notStated', count: 1 },
      ],
      byMonth: [
        { key: '2026-10', count: 1 },
        { key: '2026-11', count: 2 },
      ],
      byGender: [
        { key: 'woman', count: 2 },
        { key: 'notStated', count: 1 },
      ],
      byStatus: [{ key: 'created', count: 3 }],
      cross: [
        { offering: 'francisation-quebec', gender: 'notStated', month: '2026-11', count: 1 },
        { offering: 'organismes-femmes-immigrantes', gender: 'woman', month: '2026-10', count: 1 },
        { offering: 'organismes-femmes-immigrantes', gender: 'woman', month: '2026-11', count: 1 },
      ],
    });
    expect(referralCsv(report).split('\r\n').slice(0, 3)).toEqual([
      'dimension,key,count',
      'offering,organismes-femmes-immigrantes,2',
      'offering,francisation-quebec,1',
    ]);
    // French Excel: semicolons.
    expect(referralCrossCsv(report, ';').split('\r\n').slice(0, 2)).toEqual(['offering;gender;month;count', 'francisation-quebec;notStated;2026-11;1']);
  });

  it('counts a fiscal year (1 April to 31 March) or a period, both ends included', () => {
    const referrals = [
      referral('a', '2026-03-31T23:00:00.000Z', {}),
      referral('b', '2026-04-01T08:00:00.000Z', {}),
      referral('c', '2027-03-31T08:00:00.000Z', {}),
      referral('d', '2027-04-01T08:00:00.000Z', {}),
    ];
    expect(fiscalYear(2026)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(
      referralReport(referrals, fiscalYear(2026))
        .byOffering.map((c) => c.key)
        .sort(),
    ).toEqual(['b', 'c']);
    expect(referralReport(referrals, { from: '2027-01-01' })).toMatchObject({ total: 2, period: { from: '2027-01-01' } });
  });

  it('lists offerings not reviewed within the limit, oldest first', () => {
    const { kb } = realKnowledge();
    const all = stalenessReport(kb, new Date('2030-01-01T00:00:00Z'), 365);
    expect(all.stale).toHaveLength(REAL_OFFERINGS);
    expect(all.stale.map((o) => o.lastReviewed)).toEqual([...all.stale.map((o) => o.lastReviewed)].sort());
    expect(stalenessReport(kb, new Date('2026-11-29T00:00:00Z'), 365).stale).toEqual([]);
  });
});
