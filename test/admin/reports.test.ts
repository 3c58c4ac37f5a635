import { fiscalYear, median, referralCrossCsv, referralCsv, referralMeasureCsv, referralReport, stalenessReport } from '../../src/admin/reports';
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

type Step = [to: Referral['status'], at: string, extra?: { outcome?: Referral['outcome']; reason?: string }];

/** `2026-04-03` is midnight UTC; `2026-04-03T12:00` that time. */
const iso = (at: string) => (at.length === 10 ? `${at}T00:00:00.000Z` : `${at}:00.000Z`);

/** A referral that went through `steps` (the first is its creation), as the state machine records it. */
function referralWith(offeringId: string, steps: Step[], organizationId?: string): Referral {
  const events = steps.map(([to, at, extra], i) => ({
    at: iso(at),
    actor: { kind: i === 0 ? ('caseworker' as const) : ('organization' as const) },
    from: i === 0 ? null : (steps[i - 1]?.[0] ?? null),
    to,
    ...extra,
  }));
  const last = events.at(-1)!;
  return {
    ...referral(offeringId, events[0]!.at, {}),
    updatedAt: last.at,
    status: last.to,
    events,
    ...(last.outcome && { outcome: last.outcome }),
    ...(organizationId && { organizationId }),
  };
}

/** Eight referrals with known dates: the medians below are worked out by hand. */
const MEASURED: Referral[] = [
  referralWith(
    'offering-a',
    [
      ['created', '2026-04-01'],
      ['sent', '2026-04-01'],
      ['accepted', '2026-04-03'],
      ['closed', '2026-04-11', { outcome: 'completed' }],
    ],
    'org-x',
  ),
  referralWith(
    'offering-a',
    [
      ['created', '2026-04-01'],
      ['sent', '2026-04-01'],
      ['accepted', '2026-04-05'],
      ['closed', '2026-04-21', { outcome: 'no-show' }],
    ],
    'org-x',
  ),
  referralWith(
    'offering-a',
    [
      ['created', '2026-04-02'],
      ['sent', '2026-04-02'],
      ['accepted', '2026-04-03T12:00'],
      ['withdrawn', '2026-04-04'],
    ],
    'org-y',
  ),
  referralWith(
    'offering-a',
    [
      ['created', '2026-04-02'],
      ['sent', '2026-04-02'],
      ['declined', '2026-04-03', { reason: 'full' }],
    ],
    'org-y',
  ),
  referralWith('offering-b', [
    ['created', '2026-04-01'],
    ['sent', '2026-04-01'],
    ['accepted', '2026-04-08'],
    ['closed', '2026-04-09', { outcome: 'service-started' }],
  ]),
  referralWith('offering-b', [['created', '2026-04-05']]),
  referralWith('offering-b', [
    ['created', '2026-04-05'],
    ['withdrawn', '2026-04-06'],
  ]),
  // Made before histories were kept: its status alone says it was sent.
  { ...referral('offering-b', '2026-04-01T00:00:00.000Z', {}), status: 'sent' },
];

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
      byOutcome: [],
      byOrganization: [{ key: 'none', count: 3 }],
      measure: { made: 3, sent: 0, accepted: 0, declined: 0, closed: 0, completed: 0, withdrawn: 0, medianDaysToAcceptance: null, medianDaysToOutcome: null },
      measureByOffering: [
        { offering: 'organismes-femmes-immigrantes', made: 2, accepted: 0, completed: 0, medianDaysToAcceptance: null, medianDaysToOutcome: null },
        { offering: 'francisation-quebec', made: 1, accepted: 0, completed: 0, medianDaysToAcceptance: null, medianDaysToOutcome: null },
      ],
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

  it("answers the measure's questions from the referrals' histories: how many got how far, and how fast", () => {
    const report = referralReport(MEASURED);
    expect(report.measure).toEqual({
      made: 8,
      sent: 6,
      accepted: 4,
      declined: 1,
      closed: 3,
      completed: 2,
      withdrawn: 2,
      // To acceptance: 1.5, 2, 4 and 7 days; to the outcome: 8, 10 and 20 days.
      medianDaysToAcceptance: 3,
      medianDaysToOutcome: 10,
    });
    expect(report.measureByOffering).toEqual([
      { offering: 'offering-a', made: 4, accepted: 3, completed: 1, medianDaysToAcceptance: 2, medianDaysToOutcome: 15 },
      { offering: 'offering-b', made: 4, accepted: 1, completed: 1, medianDaysToAcceptance: 7, medianDaysToOutcome: 8 },
    ]);
    expect(report.byStatus).toEqual([
      { key: 'closed', count: 3 },
      { key: 'withdrawn', count: 2 },
      { key: 'created', count: 1 },
      { key: 'declined', count: 1 },
      { key: 'sent', count: 1 },
    ]);
    expect(report.byOutcome).toEqual([
      { key: 'completed', count: 1 },
      { key: 'no-show', count: 1 },
      { key: 'service-started', count: 1 },
    ]);
    expect(report.byOrganization).toEqual([
      { key: 'none', count: 4 },
      { key: 'org-x', count: 2 },
      { key: 'org-y', count: 2 },
    ]);
    const csv = referralCsv(report).split('\r\n');
    expect(csv).toEqual(expect.arrayContaining(['outcome,completed,1', 'outcome,service-started,1', 'organization,none,4', 'organization,org-y,2']));
    expect(referralMeasureCsv(report)).toBe(
      'offering,made,accepted,completed,medianDaysToAcceptance,medianDaysToOutcome\r\noffering-a,4,3,1,2,15\r\noffering-b,4,1,1,7,8\r\n',
    );
    // A median with no data is an empty cell; French Excel gets a decimal comma.
    expect(referralMeasureCsv(referralReport([MEASURED[2]!]), ';').split('\r\n')[1]).toBe('offering-a;1;1;0;1,5;');
    // The period counts the referrals made in it, and what became of them since.
    expect(referralReport(MEASURED, { from: '2026-04-05' }).measure).toMatchObject({ made: 2, withdrawn: 1, medianDaysToAcceptance: null });
  });

  it('takes the median of an even count as the mean of the middle two, to one decimal', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([7, 1, 4])).toBe(4);
    expect(median([1, 2])).toBe(1.5);
    expect(median([1 / 3, 1 / 3, 2 / 3])).toBe(0.3);
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
