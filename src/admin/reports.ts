import { csvTable } from '../text/csv';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Referral, ReferralStatus } from '../referrals/referral-schema';

const DAY_MS = 86_400_000;
/** The key for referrals whose client did not say (or was not asked). */
export const NOT_STATED = 'notStated';

export interface StaleEntry {
  id: string;
  name: { fr: string; en: string };
  provider: string;
  lastReviewed: string;
  daysSinceReview: number;
}

export interface StalenessReport {
  asOf: string;
  staleAfterDays: number;
  total: number;
  stale: StaleEntry[];
}

/** Offerings not reviewed in `staleAfterDays`, oldest review first. */
export function stalenessReport(kb: KnowledgeBase, now: Date, staleAfterDays: number): StalenessReport {
  const stale = kb.offerings
    .map((o) => ({
      id: o.id,
      name: { fr: o.name.fr, en: o.name.en },
      provider: o.provider.name.fr,
      lastReviewed: o.lastReviewed,
      daysSinceReview: Math.floor((now.getTime() - Date.parse(`${o.lastReviewed}T00:00:00Z`)) / DAY_MS),
    }))
    .filter((o) => o.daysSinceReview > staleAfterDays)
    .sort((a, b) => a.lastReviewed.localeCompare(b.lastReviewed) || a.id.localeCompare(b.id));
  return { asOf: now.toISOString().slice(0, 10), staleAfterDays, total: kb.offerings.length, stale };
}

export const stalenessCsv = (r: StalenessReport, separator: ',' | ';' = ',') =>
  csvTable(
    ['id', 'name_fr', 'name_en', 'provider', 'lastReviewed', 'daysSinceReview'],
    r.stale.map((o) => [o.id, o.name.fr, o.name.en, o.provider, o.lastReviewed, o.daysSinceReview]),
    separator,
  );

export interface Count {
  key: string;
  count: number;
}

export interface ReferralReport {
  total: number;
  byOffering: Count[];
  byRegion: Count[];
  byMonth: Count[];
  /**
   * ADS+: by gender only where the client chose to say (the gender fact is in the referral);
   * every other referral counts as `notStated`, never guessed.
   */
  byGender: Count[];
  /** Where referrals are now: created, sent, accepted, declined, closed, withdrawn. */
  byStatus: Count[];
  /** How closed referrals ended (service-started, completed, no-show, not-eligible, other). */
  byOutcome: Count[];
  /** By receiving organization; `none` where no organization serves the offering in the client's region. */
  byOrganization: Count[];
  /** What became of the referrals made in the period, from their histories. */
  measure: Measure;
  /** The measure per offering. */
  measureByOffering: OfferingMeasure[];
  /** Offering × gender × month, for ADS+ analysis over time (counts only). */
  cross: { offering: string; gender: string; month: string; count: number }[];
  /** The period counted, when filtered (ISO dates, both included). */
  period?: { from?: string; to?: string };
}

/**
 * The measure's questions. `sent` and `accepted` count the referrals that ever were (a referral
 * accepted then withdrawn was accepted); `declined`, `closed` and `withdrawn` where they ended;
 * `completed` the closed ones whose service started or was completed. The medians are in days
 * (one decimal) from the referral's creation to its acceptance and to its outcome (closing);
 * null when no referral got there.
 */
export interface Measure {
  made: number;
  sent: number;
  accepted: number;
  declined: number;
  closed: number;
  completed: number;
  withdrawn: number;
  medianDaysToAcceptance: number | null;
  medianDaysToOutcome: number | null;
}

export interface OfferingMeasure {
  offering: string;
  made: number;
  accepted: number;
  completed: number;
  medianDaysToAcceptance: number | null;
  medianDaysToOutcome: number | null;
}

/** A period of referral dates: from/to (YYYY-MM-DD, both included) or a fiscal year (1 April to 31 March). */
export interface Period {
  from?: string;
  to?: string;
}

/** Québec's fiscal year `year`–`year + 1`: 1 April `year` to 31 March of the next year. */
export const fiscalYear = (year: number): Period => ({ from: `${year}-04-01`, to: `${year + 1}-03-31` });

function countBy(referrals: readonly Referral[], keyOf: (r: Referral) => string): Count[] {
  const counts = new Map<string, number>();
  for (const r of referrals) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Statuses a referral in `status` has been through, for referrals made before events were kept. */
const PASSED: Record<ReferralStatus, readonly ReferralStatus[]> = {
  created: ['created'],
  sent: ['created', 'sent'],
  accepted: ['created', 'sent', 'accepted'],
  declined: ['created', 'sent', 'declined'],
  closed: ['created', 'sent', 'accepted', 'closed'],
  withdrawn: ['created', 'withdrawn'],
};

/** When the referral first became `status`: from its history, undefined when it never did (or it has no history). */
const reachedAt = (r: Referral, status: ReferralStatus) => r.events.find((e) => e.to === status)?.at;
const reached = (r: Referral, status: ReferralStatus) => (r.events.length > 0 ? reachedAt(r, status) !== undefined : PASSED[r.status].includes(status));
const isCompleted = (r: Referral) => r.status === 'closed' && (r.outcome === 'completed' || r.outcome === 'service-started');

/** The middle value (the mean of the two middle ones), one decimal; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number) => sorted[i] ?? 0;
  const value = sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return Math.round(value * 10) / 10;
}

/** Days from the referral's creation to when it first became `status`, for those that did. */
const daysTo = (referrals: readonly Referral[], status: ReferralStatus) =>
  referrals.flatMap((r) => {
    const at = reachedAt(r, status);
    return at === undefined ? [] : [(Date.parse(at) - Date.parse(r.createdAt)) / DAY_MS];
  });

export function measureOf(referrals: readonly Referral[]): Measure {
  return {
    made: referrals.length,
    sent: referrals.filter((r) => reached(r, 'sent')).length,
    accepted: referrals.filter((r) => reached(r, 'accepted')).length,
    declined: referrals.filter((r) => r.status === 'declined').length,
    closed: referrals.filter((r) => r.status === 'closed').length,
    completed: referrals.filter(isCompleted).length,
    withdrawn: referrals.filter((r) => r.status === 'withdrawn').length,
    medianDaysToAcceptance: median(daysTo(referrals, 'accepted')),
    medianDaysToOutcome: median(daysTo(referrals, 'closed')),
  };
}

function measureByOffering(referrals: readonly Referral[]): OfferingMeasure[] {
  return countBy(referrals, (r) => r.offeringId).map(({ key }) => {
    const m = measureOf(referrals.filter((r) => r.offeringId === key));
    return {
      offering: key,
      made: m.made,
      accepted: m.accepted,
      completed: m.completed,
      medianDaysToAcceptance: m.medianDaysToAcceptance,
      medianDaysToOutcome: m.medianDaysToOutcome,
    };
  });
}

/** The key for referrals no organization receives. */
export const NO_ORGANIZATION = 'none';

const stated = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : NOT_STATED);

/** Counts of referrals by offering, region, month, gender, status, outcome and organization, and the measure: no row is about one person. */
export function referralReport(all: readonly Referral[], period: Period = {}): ReferralReport {
  const day = (r: Referral) => r.createdAt.slice(0, 10);
  const referrals = all.filter((r) => (!period.from || day(r) >= period.from) && (!period.to || day(r) <= period.to));
  const cross = countBy(referrals, (r) => JSON.stringify([r.offeringId, stated(r.facts['gender']), r.createdAt.slice(0, 7)]))
    .map(({ key, count }) => {
      const [offering, gender, month] = JSON.parse(key) as [string, string, string];
      return { offering, gender, month, count };
    })
    .sort((a, b) => a.offering.localeCompare(b.offering) || a.gender.localeCompare(b.gender) || a.month.localeCompare(b.month));
  return {
    ...(period.from || period.to ? { period } : {}),
    total: referrals.length,
    byOffering: countBy(referrals, (r) => r.offeringId),
    byRegion: countBy(referrals, (r) => stated(r.facts['region'])),
    byMonth: countBy(referrals, (r) => r.createdAt.slice(0, 7)).sort((a, b) => a.key.localeCompare(b.key)),
    byGender: countBy(referrals, (r) => stated(r.facts['gender'])),
    byStatus: countBy(referrals, (r) => r.status),
    byOutcome: countBy(
      referrals.filter((r) => r.outcome !== undefined),
      (r) => r.outcome ?? '',
    ),
    byOrganization: countBy(referrals, (r) => r.organizationId ?? NO_ORGANIZATION),
    measure: measureOf(referrals),
    measureByOffering: measureByOffering(referrals),
    cross,
  };
}

/** The cross-table offering × gender × month as CSV. */
export const referralCrossCsv = (r: ReferralReport, separator: ',' | ';' = ',') =>
  csvTable(
    ['offering', 'gender', 'month', 'count'],
    r.cross.map((c) => [c.offering, c.gender, c.month, c.count]),
    separator,
  );

/** One table: dimension (offering, region, month, gender, status, outcome, organization), key, count. */
export const referralCsv = (r: ReferralReport, separator: ',' | ';' = ',') =>
  csvTable(
    ['dimension', 'key', 'count'],
    (
      [
        ['offering', r.byOffering],
        ['region', r.byRegion],
        ['month', r.byMonth],
        ['gender', r.byGender],
        ['status', r.byStatus],
        ['outcome', r.byOutcome],
        ['organization', r.byOrganization],
      ] as const
    ).flatMap(([dimension, counts]) => counts.map((c) => [dimension, c.key, c.count])),
    separator,
  );

/**
 * The measure per offering as CSV; a median with no data is an empty cell, and with semicolons
 * (French Excel) its decimal mark is a comma.
 */
export const referralMeasureCsv = (r: ReferralReport, separator: ',' | ';' = ',') => {
  const days = (d: number | null) => (d === null || separator === ',' ? d : String(d).replace('.', ','));
  return csvTable(
    ['offering', 'made', 'accepted', 'completed', 'medianDaysToAcceptance', 'medianDaysToOutcome'],
    r.measureByOffering.map((m) => [m.offering, m.made, m.accepted, m.completed, days(m.medianDaysToAcceptance), days(m.medianDaysToOutcome)]),
    separator,
  );
};
