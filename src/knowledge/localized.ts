import { z } from 'zod';
import { keyed } from './validation-messages';

/** A piece of text in both languages. A missing or empty translation is a validation error. */
export const Localized = z.strictObject({
  fr: z
    .string()
    .trim()
    .check(keyed(z.minLength(1), 'field.missingFrenchText')),
  en: z
    .string()
    .trim()
    .check(keyed(z.minLength(1), 'field.missingEnglishText')),
});
export type Localized = z.infer<typeof Localized>;

/** A list of terms in both languages (keywords, synonyms, documents). */
export const LocalizedList = z.strictObject({
  fr: z.array(z.string().trim().min(1)).default([]),
  en: z.array(z.string().trim().min(1)).default([]),
});
export type LocalizedList = z.infer<typeof LocalizedList>;
