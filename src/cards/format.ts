import type { Language } from '../knowledge/vocabulary';

/** Dates, language names and lists come from Intl (ICU), so they follow the language with no sentence in code. */
const localeOf = (lang: Language) => (lang === 'fr' ? 'fr-CA' : 'en-CA');

/** `2026-03-15` → "15 mars 2026" / "March 15, 2026". */
export function formatDate(isoDate: string, lang: Language): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** ISO 639-1 codes → "français et anglais" / "French and English". */
export function formatLanguages(codes: readonly string[], lang: Language): string {
  const names = new Intl.DisplayNames([localeOf(lang)], { type: 'language', fallback: 'code' });
  return formatList(codes.map((c) => names.of(c) ?? c), lang);
}

export function formatList(items: readonly string[], lang: Language): string {
  return new Intl.ListFormat(localeOf(lang), { type: 'conjunction' }).format(items);
}

/** Whole days from a YYYY-MM-DD date to now. */
export function daysSince(isoDate: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${isoDate}T00:00:00Z`)) / 86_400_000);
}
