import { csvTable } from '../text/csv';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Referral } from '../referrals/referral-schema';

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
  /** Where referrals are now: created, sent, accepted, closed. */
  byStatus: Count[];
  /** Offering × gender × month, for ADS+ analysis over time (counts only). */
  cross: { offering: string; gender: string; month: string; count: number }[];
  /** The period counted, when filtered (ISO dates, both included). */
  period?: { from?: string; to?: string };
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

const stated = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : NOT_STATED);

/** Counts of referrals by offering, region, month and gender: no row is about one person. */
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

/** One table: dimension (offering, region, month, gender, status), key, count. */
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
      ] as const
    ).flatMap(([dimension, counts]) => counts.map((c) => [dimension, c.key, c.count])),
    separator,
  );
