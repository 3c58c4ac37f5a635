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
  const cell = (v: unknown) => {
    const s = v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h])).join(','))].join('\r\n') + '\r\n';
}
