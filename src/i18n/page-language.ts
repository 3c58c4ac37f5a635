import { DEFAULT_LANGUAGE, languageOfLocale } from './resolve-language';
import type { Language } from '../knowledge/vocabulary';

/**
 * The page's language: `?lang=` (the language switch), else the browser's preference among
 * French and English (Accept-Language, by weight), else French.
 */
export function pageLanguage(queryLang: unknown, acceptLanguage: string | undefined): Language {
  const asked = languageOfLocale(queryLang);
  if (asked) return asked;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, order) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: languageOfLocale(tag), weight: q === undefined ? 1 : Number(q), order };
    })
    .filter((x): x is { lang: Language; weight: number; order: number } => !!x.lang && x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  return ranked[0]?.lang ?? DEFAULT_LANGUAGE;
}
