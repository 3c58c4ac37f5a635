import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromPackageRoot } from '../package-root';
import type { Language } from './vocabulary';

/**
 * Validation messages in the admin's language: `locales/<lang>/validation.json`, the same
 * sentences as `kb validate` (English) and the admin console (either language). Read here, once,
 * not through src/i18n: the knowledge layer sits below it. Keys are dotted (`rule.unknownFact`),
 * placeholders i18next's `{{name}}`.
 */

export type MessageParams = Readonly<Record<string, string | number>>;

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

const catalog = (lang: Language): ReadonlyMap<string, string> => flatten(JSON.parse(readFileSync(fromPackageRoot('locales', lang, 'validation.json'), 'utf8')));
const CATALOGS: Record<Language, ReadonlyMap<string, string>> = { fr: catalog('fr'), en: catalog('en') };

/** Every key of the catalog (the English one: both have the same keys, a test checks it). */
export const validationKeys = (): string[] => [...CATALOGS.en.keys()];

/** The message `key` in `lang`, with its `{{name}}` placeholders filled in; English when `lang` lacks it, the key itself when no catalog has it. */
export function validationText(lang: Language, key: string, params: MessageParams = {}): string {
  const text = CATALOGS[lang]?.get(key) ?? CATALOGS.en.get(key) ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** Lists a few words joined by the catalog's `separator` (`min or max`, `min ou max`). */
export const joinWith = (lang: Language, separator: string, items: readonly string[]): string => items.join(validationText(lang, separator));

/** The zod checks and string formats (`z.url()`, `z.iso.date()`) whose messages come from the catalog. */
const KEYED = new WeakMap<object, string>();

/**
 * `check` (a zod check such as `z.minLength(1)` or `z.regex(...)`, or a string format such as
 * `z.url()`) reports the message `key`, in the language of the parse (see errorMapFor). Like a
 * schema-level `message`, it names every issue of that check or format, a missing value included;
 * unlike it, it leaves the language to each parse.
 */
export function keyed<T extends object>(check: T, key: string): T {
  KEYED.set(check, key);
  return check;
}

/** For `.refine(fn, refineKey('...'))`: the refinement's issue takes the message `key`, in the parse's language. */
export const refineKey = (key: string): { params: { key: string } } => ({ params: { key } });

function keyOf(issue: z.core.$ZodRawIssue): string | undefined {
  const fromCheck = issue.inst ? KEYED.get(issue.inst) : undefined;
  if (fromCheck) return fromCheck;
  if (issue.code === 'custom') {
    const key: unknown = (issue.params as { key?: unknown } | undefined)?.key;
    if (typeof key === 'string') return key;
  }
  return undefined;
}

/** Our messages: keyed checks first (as a schema-level message would be), then what zod says too technically. */
function ourMessage(lang: Language, issue: z.core.$ZodRawIssue): string | undefined {
  const key = keyOf(issue);
  if (key) {
    // A custom issue's other params fill the message's placeholders (`{ key: 'list.duplicateId', id }`).
    const { key: _key, ...params } = issue.code === 'custom' ? ((issue.params ?? {}) as Record<string, string | number>) : {};
    return validationText(lang, key, params);
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    const last = issue.path?.[issue.path.length - 1];
    if (last === 'fr') return validationText(lang, 'field.missingFrenchTranslation');
    if (last === 'en') return validationText(lang, 'field.missingEnglishTranslation');
    return validationText(lang, 'field.required');
  }
  if (issue.code === 'unrecognized_keys') {
    return validationText(lang, issue.keys.length > 1 ? 'field.unknownFields' : 'field.unknownField', { fields: issue.keys.join(', ') });
  }
  if (issue.code === 'invalid_value') return validationText(lang, 'field.oneOf', { values: issue.values.map(String).join(', ') });
  return undefined;
}

function errorMap(lang: Language): z.core.$ZodErrorMap {
  // Zod's own words for the rest: its default locale (English) when the map gives nothing, its French locale for French.
  const rest: z.core.$ZodErrorMap | undefined = lang === 'fr' ? z.locales.fr().localeError : undefined;
  return (issue) => ourMessage(lang, issue) ?? rest?.(issue);
}

const ERROR_MAPS: Record<Language, z.core.$ZodErrorMap> = { fr: errorMap('fr'), en: errorMap('en') };

/** The error map for every parse of knowledge data, in `lang`: `schema.safeParse(data, { error: errorMapFor(lang) })`. */
export const errorMapFor = (lang: Language = 'en'): z.core.$ZodErrorMap => ERROR_MAPS[lang] ?? ERROR_MAPS.en;
