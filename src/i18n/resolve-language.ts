import { LANGUAGES, type Language } from '../knowledge/vocabulary';

/** French is the default: Québec's common public language, and what Teams users get when no locale is sent. */
export const DEFAULT_LANGUAGE: Language = 'fr';

/** The language of a BCP 47 locale or a POSIX one (`fr_CA.UTF-8`), if Passerelle speaks it. */
export function languageOfLocale(locale: unknown): Language | undefined {
  if (typeof locale !== 'string') return undefined;
  // `_` first: i18next and Intl do not recognize `fr_CA`.
  const primary = locale.trim().replace(/_/g, '-').split(/[-.@]/)[0]?.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : undefined;
}

export interface LanguageClues {
  /** The user's explicit choice, remembered in user state. */
  stored?: unknown;
  /** `activity.locale`. */
  locale?: unknown;
  /** The locale of a `clientInfo` entity, which some clients send instead of `activity.locale`. */
  clientLocale?: unknown;
}

/** Stored choice, else the activity's locale, else the client's, else French. */
export function resolveLanguage(clues: LanguageClues): Language {
  return languageOfLocale(clues.stored) ?? languageOfLocale(clues.locale) ?? languageOfLocale(clues.clientLocale) ?? DEFAULT_LANGUAGE;
}

/**
 * The locale to write back on the activity so botbuilder's prompts (numbers, yes/no, "or")
 * follow the resolved language: the incoming locale when it already has that language.
 */
export function localeFor(lang: Language, incoming: unknown): string {
  if (typeof incoming === 'string' && languageOfLocale(incoming) === lang) return incoming.trim().replace(/_/g, '-');
  return lang === 'fr' ? 'fr-CA' : 'en-CA';
}
