import { z } from 'zod';
import { keyed } from './validation-messages';

/**
 * `knowledge/glossary.yaml`: groups of words and phrases that mean the same thing, in either
 * language ("welfare", "aide sociale", "social assistance"). Search expands a query with the
 * other members of each group it mentions, so a query in one language finds the other.
 */
export const Glossary = z.array(
  z.strictObject({
    fr: z.array(z.string().trim().min(1)).check(keyed(z.minLength(1), 'glossary.atLeastOneFrenchTerm')),
    en: z.array(z.string().trim().min(1)).check(keyed(z.minLength(1), 'glossary.atLeastOneEnglishTerm')),
  }),
);
export type Glossary = z.infer<typeof Glossary>;
