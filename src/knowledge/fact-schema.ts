import { z } from 'zod';
import { KebabId } from './kebab-id';
import { Localized } from './localized';
import { Rule } from './rule-schema';
import { keyed } from './validation-messages';

/**
 * Words people type for an answer, besides its labels: abbreviations ("RP", "PGWP"), synonyms,
 * other forms ("asylum seeker"). Keys are an enum's options, or `yes` / `no` for a boolean.
 * Compared without case, accents or inclusive/feminine endings, in any language.
 */
const Words = z.record(z.string().min(1), z.array(z.string().min(1)).min(1));

/** Words understood but not an answer by themselves ("CSQ" is no status): what to say instead. */
const Hint = z.strictObject({ words: z.array(z.string().min(1)).min(1), say: Localized });

/**
 * A value the other answers already give, so the question is never asked: a family-class
 * sponsorship leads to permanent residence, so an asylum claimant was not sponsored.
 */
const Implication = z.strictObject({ when: Rule, value: z.union([z.string(), z.boolean(), z.number()]), because: Localized });

/** How a fact about a client is defined in `knowledge/facts.yaml`. */
const common = {
  label: Localized,
  question: Localized,
  selfQuestion: Localized,
  help: Localized,
  /** Never logged, and only asked when a rule needs it. */
  sensitive: z.boolean().default(false),
  words: Words.optional(),
  hints: z.array(Hint).optional(),
  impliedBy: z.array(Implication).optional(),
};

const kebab = KebabId;

export const FactDefinition = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('enum'), ...common, options: z.record(kebab, Localized) }),
  z.strictObject({
    type: z.literal('boolean'),
    ...common,
    /** The client's situation in plain words, for explanations: "Faible revenu du ménage" / "Pas de faible revenu". */
    yes: Localized.optional(),
    no: Localized.optional(),
  }),
  z.strictObject({
    type: z.literal('number'),
    ...common,
    min: z.number(),
    max: z.number(),
    unit: Localized.optional(),
    /** Only whole numbers are answers (an age in years). */
    wholeNumber: z.boolean().default(false),
    /** The value grows by one each year (an age): rules can test it at a past reference date. */
    growsYearly: z.boolean().default(false),
  }),
  z.strictObject({
    type: z.literal('date'),
    ...common,
    /** Words before "il y a 7 ans" / "… 7 years ago" in explanations, e.g. "arrivé·e" / "arrived". */
    pastLabel: Localized.optional(),
  }),
]);
export type FactDefinition = z.infer<typeof FactDefinition>;

export const FactDefinitions = z.record(
  z.string().check(keyed(z.regex(/^[a-z][a-zA-Z0-9]*$/), 'facts.camelCaseId')),
  FactDefinition,
);
export type FactDefinitions = z.infer<typeof FactDefinitions>;

/** The definition of fact `id`, own keys only: "constructor" or "__proto__" are no fact. */
export const factDefinition = (defs: FactDefinitions, id: string): FactDefinition | undefined => (Object.hasOwn(defs, id) ? defs[id] : undefined);

/** Whether `value` is one of an enum fact's options (own keys only). */
export const isOption = (def: Extract<FactDefinition, { type: 'enum' }>, value: unknown): value is string => typeof value === 'string' && Object.hasOwn(def.options, value);
