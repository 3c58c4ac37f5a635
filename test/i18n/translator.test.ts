import { createI18n } from '../../src/i18n/load-locales';
import { languageOfLocale, localeFor, resolveLanguage } from '../../src/i18n/resolve-language';
import { translator } from '../../src/i18n/translator';

describe('resolveLanguage: stored choice → activity.locale → clientInfo → French', () => {
  test.each([
    [{}, 'fr'],
    [{ locale: 'en-US' }, 'en'],
    [{ locale: 'en-GB' }, 'en'],
    [{ locale: 'fr-CA' }, 'fr'],
    [{ locale: 'fr-FR' }, 'fr'],
    [{ locale: 'fr_CA' }, 'fr'],
    [{ locale: 'en_US.UTF-8' }, 'en'],
    [{ locale: 'EN' }, 'en'],
    [{ locale: 'es-MX' }, 'fr'],
    [{ locale: '' }, 'fr'],
    [{ locale: 42 }, 'fr'],
    [{ stored: 'en', locale: 'fr-CA' }, 'en'],
    [{ stored: 'fr', locale: 'en-US' }, 'fr'],
    [{ stored: 'xx', locale: 'en-US' }, 'en'],
    [{ clientLocale: 'en-US' }, 'en'],
    [{ locale: 'fr-CA', clientLocale: 'en-US' }, 'fr'],
  ])('%j → %s', (clues, expected) => {
    expect(resolveLanguage(clues)).toBe(expected);
  });

  test('the locale written back keeps the incoming one when it has the language', () => {
    expect(localeFor('fr', 'fr-FR')).toBe('fr-FR');
    expect(localeFor('fr', 'fr_CA')).toBe('fr-CA');
    expect(localeFor('en', 'fr-CA')).toBe('en-CA');
    expect(localeFor('fr', undefined)).toBe('fr-CA');
    expect(languageOfLocale(undefined)).toBeUndefined();
  });
});

describe('one i18next instance, a fixed t per turn', () => {
  const i18n = createI18n();

  test('plurals in both languages (French 0 and 1 are singular, 1,000,000 is "many")', () => {
    const fr = translator(i18n, 'fr');
    const en = translator(i18n, 'en');
    expect(fr('search.results', { count: 1, query: 'x' })).toBe("J'ai trouvé 1 service pour « x » :");
    expect(fr('search.results', { count: 3, query: 'x' })).toBe("J'ai trouvé 3 services pour « x » :");
    expect(fr('search.results', { count: 1_000_000, query: 'x' })).toContain('services');
    expect(en('search.results', { count: 1, query: 'x' })).toBe('I found 1 service for "x":');
    expect(en('search.results', { count: 2, query: 'x' })).toBe('I found 2 services for "x":');
  });

  test('numbers are formatted per language; values are not HTML-escaped', () => {
    expect(translator(i18n, 'fr')('input.truncated', { max: 4000 })).toContain('4\u202f000');
    expect(translator(i18n, 'en')('input.truncated', { max: 4000 })).toContain('4,000');
    expect(translator(i18n, 'en')('search.none', { query: "L'Été & co" })).toBe('I have no service that matches "L\'Été & co".');
  });

  test('interleaved turns in different languages never leak into each other', () => {
    const fr = translator(i18n, 'fr');
    const en = translator(i18n, 'en');
    for (let i = 0; i < 5; i++) {
      expect(fr('restart.done')).toBe("C'est reparti, on recommence à zéro.");
      expect(en('restart.done')).toBe("All right, let's start over.");
    }
    expect(i18n.language === undefined || ['fr', 'en'].includes(i18n.language)).toBe(true);
  });
});
