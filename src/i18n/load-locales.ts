import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';
import { LANGUAGES } from '../knowledge/vocabulary';
import { fromPackageRoot } from '../package-root';

export const LOCALES_DIR = fromPackageRoot('locales');

/** Every `locales/<lang>/<namespace>.json`, as i18next resources. */
export function readLocales(dir = LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const lang of LANGUAGES) {
    resources[lang] = {};
    for (const file of readdirSync(join(dir, lang)).filter((f) => f.endsWith('.json'))) {
      resources[lang][basename(file, '.json')] = JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as Record<string, unknown>;
    }
  }
  return resources;
}

/**
 * One i18next instance for the process, initialized synchronously from the files. Callers take
 * `getFixedT(lang, namespace)` per turn: `changeLanguage` on a shared instance races between
 * concurrent conversations.
 */
export function createI18n(dir = LOCALES_DIR): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: readLocales(dir),
    supportedLngs: [...LANGUAGES],
    fallbackLng: 'fr',
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    initAsync: false,
    interpolation: { escapeValue: false }, // escaping is each channel's job (cards, HTML)
    returnNull: false,
  });
  return instance;
}
