import { csvTable } from '../text/csv';
import type { Referral } from './referral-schema';

const COLUMNS = ['id', 'reference', 'offeringId', 'status', 'language', 'channel', 'caseworkerId', 'createdAt', 'updatedAt'] as const;

/** Rows for reporting; the client's facts only when asked for. */
export function exportRows(referrals: readonly Referral[], withFacts: boolean): Record<string, unknown>[] {
  return referrals.map((r) => {
    const row: Record<string, unknown> = Object.fromEntries(COLUMNS.map((c) => [c, r[c]]));
    if (withFacts) row.facts = r.facts;
    return row;
  });
}

/** RFC 4180 CSV; facts, when included, as one JSON column. */
export function toCsv(rows: readonly Record<string, unknown>[], withFacts: boolean): string {
  const header = [...COLUMNS, ...(withFacts ? ['facts'] : [])];
  return csvTable(
    header,
    rows.map((r) => header.map((h) => r[h])),
  );
}
