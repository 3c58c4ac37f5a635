import type { Duration } from '../knowledge/rule-schema';
import { parseIsoDate } from './client-facts';

/** `date` plus a duration, in calendar terms (UTC): 2024-03-31 + 1 month = 2024-04-30. */
export function addDuration(date: Date, d: Duration): Date {
  const y = date.getUTCFullYear() + (d.years ?? 0);
  const m = date.getUTCMonth() + (d.months ?? 0);
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay)));
  out.setUTCDate(out.getUTCDate() + (d.days ?? 0));
  return out;
}

/** Whole months and years from a YYYY-MM-DD date to today (0 for a date in the future). */
export function elapsedSince(isoDate: string, today: Date): { months: number; years: number } {
  const from = parseIsoDate(isoDate);
  if (!from) return { months: 0, years: 0 };
  let months = (today.getUTCFullYear() - from.getUTCFullYear()) * 12 + (today.getUTCMonth() - from.getUTCMonth());
  if (today.getUTCDate() < from.getUTCDate()) months--;
  months = Math.max(0, months);
  return { months, years: Math.floor(months / 12) };
}

/** Today as a UTC calendar day, so that a rule's answer never depends on the hour or the time zone. */
export function utcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** 31 December of the year before `today`: the day tax-year programs look at. */
export function referenceDay(today: Date): Date {
  return new Date(Date.UTC(today.getUTCFullYear() - 1, 11, 31));
}
