import { fold } from '../text/fold';
import { MONTHS, parseDateAnswer } from './answers';
import type { FactValue } from './client-facts';
import { addDuration, utcDay } from './elapsed';

/** The period an approximate date stands for, both ends included, YYYY-MM-DD. */
export interface Approximate {
  from: string;
  to: string;
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const day = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

/** A period as a value (its middle) and its ends, cut at today; undefined when it has not begun. */
function period(from: Date, to: Date, today: Date): { value: FactValue; approx: Approximate } | undefined {
  const end = to.getTime() > today.getTime() ? today : to;
  if (from.getTime() > end.getTime()) return undefined;
  const middle = new Date(Math.floor((from.getTime() + end.getTime()) / 2 / 86_400_000) * 86_400_000);
  return { value: iso(middle), approx: { from: iso(from), to: iso(end) } };
}

const month = (y: number, m: number, today: Date) => (m >= 1 && m <= 12 ? period(day(y, m, 1), day(y, m + 1, 0), today) : undefined);
const year = (y: number, today: Date) => period(day(y, 1, 1), day(y, 12, 31), today);

/** Astronomical seasons, near enough for "last spring": [start month, start day] of each. */
const SEASONS: Record<string, [number, number]> = {
  spring: [3, 20],
  printemps: [3, 20],
  summer: [6, 21],
  ete: [6, 21],
  fall: [9, 22],
  autumn: [9, 22],
  automne: [9, 22],
  winter: [12, 21],
  hiver: [12, 21],
};

/** The last season of that name begun by today (before it, with "last"/"dernier" while in it). */
function season(name: string, last: boolean, yearGiven: number | undefined, today: Date) {
  const [m, d] = SEASONS[name]!;
  const startIn = (y: number) => day(y, m, d);
  let start: Date;
  if (yearGiven !== undefined) start = startIn(yearGiven);
  else {
    let y = today.getUTCFullYear();
    while (startIn(y).getTime() > today.getTime()) y--;
    start = startIn(y);
    const end = addDuration(start, { months: 3, days: -1 });
    if (last && end.getTime() >= today.getTime()) start = startIn(y - 1);
  }
  return period(start, addDuration(start, { months: 3, days: -1 }), today);
}

/** "il y a 2 ans", "depuis 3 mois", "2 years ago", "for 6 months": that long before today, give or take. */
function ago(n: number, unit: string, today: Date) {
  const years = /^(?:an|ans|annee|annees|year|years|yr|yrs)$/.test(unit);
  const weeks = /^(?:semaine|semaines|week|weeks)$/.test(unit);
  const center = addDuration(today, years ? { years: -n } : weeks ? { days: -7 * n } : { months: -n });
  const spread = years ? { months: 6 } : weeks ? { days: 3 } : { days: 15 };
  const before = { months: -(spread.months ?? 0), days: -(spread.days ?? 0) };
  return period(addDuration(center, before), addDuration(center, { months: spread.months ?? 0, days: spread.days ?? 0 }), today);
}

const UNIT = '(ans?|annees?|years?|yrs?|mois|months?|semaines?|weeks?)';

/**
 * A date as a person writes it, alone or in a sentence: an exact day ("1er mai 2023",
 * "2023-05-01"), or a period that stands for an approximate date ("mai 2023", "03/2024", "2024",
 * "depuis 2023", "il y a 2 ans", "last spring", "l'an dernier"). An approximate date comes with
 * its period, so the dialog can ask for the exact day only when a rule's limit falls inside it.
 */
export function readDate(text: string, now: Date): { value: FactValue; approx?: Approximate } | undefined {
  const today = utcDay(now);
  const s = fold(text).replace(/[’'`]/g, "'").replace(/\s+/g, ' ');
  const exact = parseDateAnswer(s);
  const monthOnly = /^(?:en |in )?[a-z]+\.? \d{4}$|^\d{4}-\d{1,2}$/.test(s);
  if (exact && !monthOnly) return { value: exact };

  const words = s.split(' ');
  // An exact day inside a sentence: the longest window of words that is one ("arrivée le 3 juin 2022").
  for (let size = Math.min(5, words.length); size >= 2; size--) {
    for (let i = 0; i + size <= words.length; i++) {
      const window = words.slice(i, i + size).join(' ');
      const d = parseDateAnswer(window);
      if (
        d &&
        /\d{1,2}\D+\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\/\d{1,2}\/\d{4}|[a-z]+ \d{1,2}(?:st|nd|rd|th)? \d{4}/.test(window) &&
        !/^(?:en |in )?[a-z]+ \d{4}$/.test(window)
      )
        return { value: d };
    }
  }
  let m: RegExpExecArray | null;
  if ((m = /\b([a-z]+)\.? (\d{4})\b/.exec(s)) && MONTHS.has(m[1]!)) return month(+m[2]!, MONTHS.get(m[1]!)!, today);
  if ((m = /\b(\d{4})-(\d{1,2})\b/.exec(s))) return month(+m[1]!, +m[2]!, today);
  if ((m = /\b(\d{1,2})\/(\d{4})\b/.exec(s))) return month(+m[2]!, +m[1]!, today);
  if ((m = new RegExp(`\\b(?:il y a|y a|ya|depuis|for|since|about|environ)\\s+(\\d{1,2})\\s*${UNIT}\\b`).exec(s))) return ago(+m[1]!, m[2]!, today);
  if ((m = new RegExp(`\\b(\\d{1,2})\\s*${UNIT}\\s+(?:ago|passes?)\\b`).exec(s))) return ago(+m[1]!, m[2]!, today);
  if (/\b(?:l'an dernier|l'annee derniere|l'an passe|l'annee passee|last year)\b/.test(s)) return year(today.getUTCFullYear() - 1, today);
  if (/\b(?:cette annee|this year|en debut d'annee|earlier this year)\b/.test(s)) return year(today.getUTCFullYear(), today);
  if (/\b(?:le mois dernier|le mois passe|last month)\b/.test(s)) {
    const first = day(today.getUTCFullYear(), today.getUTCMonth() + 1, 1);
    const previous = addDuration(first, { months: -1 });
    return month(previous.getUTCFullYear(), previous.getUTCMonth() + 1, today);
  }
  if ((m = /\b(spring|summer|fall|autumn|winter|printemps|ete|automne|hiver)\b(?: (?:de |of )?(\d{4}))?/.exec(s))) {
    const last = /\b(?:last|dernier|passe)\b/.test(s);
    return season(m[1]!, last, m[2] !== undefined ? +m[2] : undefined, today);
  }
  const years = s.match(/\b(?:19[4-9]\d|20\d\d)\b/g) ?? [];
  if (years.length === 1) return year(+years[0], today);
  return undefined;
}
