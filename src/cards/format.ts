import type { Language } from '../knowledge/vocabulary';

/** Dates, language names and lists come from Intl (ICU), so they follow the language with no sentence in code. */
const localeOf = (lang: Language) => (lang === 'fr' ? 'fr-CA' : 'en-CA');

/** One formatter per language, made on first use: building an Intl formatter costs far more than using it (bench:turns profile). */
function perLanguage<T>(make: (locale: string) => T): (lang: Language) => T {
  const made = new Map<Language, T>();
  return (lang) => {
    let formatter = made.get(lang);
    if (!formatter) made.set(lang, (formatter = make(localeOf(lang))));
    return formatter;
  };
}

const dates = perLanguage((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }));
const languageNames = perLanguage((locale) => new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }));
const lists = perLanguage((locale) => new Intl.ListFormat(locale, { type: 'conjunction' }));

/** `2026-03-15` → "15 mars 2026" / "March 15, 2026". */
export function formatDate(isoDate: string, lang: Language): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return dates(lang).format(date);
}

/** ISO 639-1 codes → "français et anglais" / "French and English". */
export function formatLanguages(codes: readonly string[], lang: Language): string {
  const names = languageNames(lang);
  return formatList(
    codes.map((c) => names.of(c) ?? c),
    lang,
  );
}

export function formatList(items: readonly string[], lang: Language): string {
  return lists(lang).format(items);
}

/** Whole days from a YYYY-MM-DD date to now. */
export function daysSince(isoDate: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${isoDate}T00:00:00Z`)) / 86_400_000);
}
