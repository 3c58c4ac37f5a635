import { z } from 'zod';

/** A piece of text in both languages. A missing or empty translation is a validation error. */
export const Localized = z.strictObject({
  fr: z.string().trim().min(1, 'missing French text'),
  en: z.string().trim().min(1, 'missing English text'),
});
export type Localized = z.infer<typeof Localized>;

/** A list of terms in both languages (keywords, synonyms, documents). */
export const LocalizedList = z.strictObject({
  fr: z.array(z.string().trim().min(1)).default([]),
  en: z.array(z.string().trim().min(1)).default([]),
});
export type LocalizedList = z.infer<typeof LocalizedList>;
