import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES_DIR } from '../../src/i18n/load-locales';

/**
 * Both languages have the same keys and the same {{variables}}. Plural forms count as one key
 * (their family): French needs _one, _many and _other (i18next falls back to the *English* text
 * when _many is missing), English _one and _other.
 */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const REQUIRED_FORMS: Record<string, string[]> = { fr: ['one', 'many', 'other'], en: ['one', 'other'] };

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) for (const [key, text] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(key, text);
  }
  return out;
}

/** Family → (form → text); a key without a plural suffix is its own family with form "". */
function families(flat: Map<string, string>): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [key, text] of flat) {
    const m = PLURAL.exec(key);
    const family = m ? key.slice(0, -m[0].length) : key;
    if (!out.has(family)) out.set(family, new Map());
    out.get(family)!.set(m ? m[1]! : '', text);
  }
  return out;
}

/** `{{name}}` and `{{name, format}}` → name; `$t(...)` nesting is not used. */
const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!);

const namespaces = readdirSync(join(LOCALES_DIR, 'fr')).filter((f) => f.endsWith('.json'));
const load = (lang: string, file: string) => families(flatten(JSON.parse(readFileSync(join(LOCALES_DIR, lang, file), 'utf8'))));

describe.each(namespaces)('locales/*/%s', (file) => {
  const fr = load('fr', file);
  const en = load('en', file);

  test('exists in English too', () => {
    expect(readdirSync(join(LOCALES_DIR, 'en'))).toContain(file);
  });

  test('French and English have the same keys', () => {
    expect([...en.keys()].sort()).toEqual([...fr.keys()].sort());
  });

  test('each key has the same interpolation variables in both languages', () => {
    for (const [family, frForms] of fr) {
      const enForms = en.get(family);
      if (!enForms) continue;
      const vars = (forms: Map<string, string>) => [...new Set([...forms.values()].flatMap(variables))].sort();
      expect({ key: family, vars: vars(enForms) }).toEqual({ key: family, vars: vars(frForms) });
    }
  });

  test('plural keys have every form their language needs, and count in at least one', () => {
    for (const [lang, table] of [
      ['fr', fr],
      ['en', en],
    ] as const) {
      for (const [family, forms] of table) {
        if (forms.has('')) {
          expect({ key: family, mixed: forms.size }).toEqual({ key: family, mixed: 1 });
          continue;
        }
        expect({ lang, key: family, forms: [...forms.keys()].sort() }).toEqual({ lang, key: family, forms: [...REQUIRED_FORMS[lang]!].sort() });
      }
    }
  });

  test('no empty text', () => {
    for (const table of [fr, en])
      for (const [family, forms] of table) for (const text of forms.values()) expect({ family, empty: text.trim() === '' }).toEqual({ family, empty: false });
  });
});
