import { fold } from '../text/fold';
import { parseIsoDate } from './client-facts';

/**
 * Reading what a person types as an answer, in French or English. Unrecognized input gives
 * undefined, and the dialog asks again with an example: it never guesses.
 */

/** Month names and abbreviations in both languages, from Intl (fr-CA, en-CA): "mai", "may", "janv", "jan", "sept". */
export const MONTHS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const locale of ['fr-CA', 'en-CA']) {
    for (const style of ['long', 'short'] as const) {
      const f = new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) map.set(fold(f.format(new Date(Date.UTC(2000, m, 15)))).replace(/\.$/, ''), m + 1);
    }
  }
  map.set('sept', 9).set('fev', 2).set('dec', 12).set('juil', 7);
  return map;
})();

const iso = (y: number, m: number, d: number): string | undefined => {
  const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return parseIsoDate(text) ? text : undefined;
};

/**
 * A calendar date as YYYY-MM-DD from `2023-05-01`, `1er mai 2023`, `1 mai 2023`, `May 1 2023`,
 * `May 1st, 2023`, `1 May 2023`, `mai 2023` / `May 2023` / `2023-05` (the first of the month),
 * or `01/05/2023` (day first, as written in Québec).
 */
export function parseDateAnswer(text: string): string | undefined {
  const s = fold(text).replace(/,/g, ' ').replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) return iso(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(s))) return iso(+m[1]!, +m[2]!, 1);
  if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) return iso(+m[3]!, +m[2]!, +m[1]!);
  // "1er mai 2023", "1 may 2023", "le 3 juin 2022"
  if ((m = /^(?:le )?(\d{1,2})(?:er|e|st|nd|rd|th)? ([a-z]+)\.? (\d{4})$/.exec(s))) {
    const month = MONTHS.get(m[2]!);
    return month ? iso(+m[3]!, month, +m[1]!) : undefined;
  }
  // "may 1 2023", "may 1st 2023"
  if ((m = /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)? (\d{4})$/.exec(s))) {
    const month = MONTHS.get(m[1]!);
    return month ? iso(+m[3]!, month, +m[2]!) : undefined;
  }
  // "mai 2023", "en mai 2023", "may 2023"
  if ((m = /^(?:en |in )?([a-z]+)\.? (\d{4})$/.exec(s))) {
    const month = MONTHS.get(m[1]!);
    return month ? iso(+m[2]!, month, 1) : undefined;
  }
  return undefined;
}

/** A whole or decimal number, possibly with a unit after it: `34`, `34 ans`, `34 years old`, `2,5`. */
export function parseNumberAnswer(text: string): number | undefined {
  const m = /^\s*(-?\d+(?:[.,]\d+)?)(?:\s*[\p{L}. ]*)?$/u.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]!.replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}

/** Whether a text is one of the given words or phrases, ignoring case, accents and end punctuation. */
export function isOneOf(text: string, words: readonly string[]): boolean {
  const s = fold(text);
  return words.some((w) => fold(w) === s);
}
