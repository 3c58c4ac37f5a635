import type { i18n } from 'i18next';
import type { Language } from '../knowledge/vocabulary';

/** A translation function fixed to one language: what a turn uses, so concurrent turns never race. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The namespace of the conversation's sentences (`locales/<lang>/bot.json`). */
export const BOT_NAMESPACE = 'bot';

export function translator(i18n: i18n, lang: Language): Translate {
  const t = i18n.getFixedT(lang, BOT_NAMESPACE);
  return (key, options) => String(t(key, options ?? {}));
}

/** One translator per language for a namespace (the eligibility reasons are given in both languages at once). */
export function translatorsOf(i18n: i18n, namespace: string): Record<Language, Translate> {
  const of = (lang: Language): Translate => {
    const t = i18n.getFixedT(lang, namespace);
    return (key, options) => String(t(key, options ?? {}));
  };
  return { fr: of('fr'), en: of('en') };
}

/** A comma-separated list from the locales (command words), trimmed. */
export function listOf(t: Translate, key: string): string[] {
  return t(key)
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}
