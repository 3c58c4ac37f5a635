import { z } from 'zod';
import { KebabId } from './kebab-id';
import { Localized } from './localized';
import { SOURCE_KINDS } from './offering-schema';
import { keyed, refineKey } from './validation-messages';

/**
 * `knowledge/safety.yaml`: what Passerelle answers first, before anything else, when a message
 * suggests someone is in danger. Admins review it like offerings: every number and every message
 * cites its sources.
 *
 * - `lines`: the emergency and crisis lines, each with the number as the messages write it and
 *   what a phone dials (tappable `tel:`/`sms:` links where the channel allows).
 * - `situations`, in order of priority: the message shown (in both languages), a line for the
 *   caseworker's safety card, the lines and the offerings to offer next, and the patterns that
 *   detect it (see src/safety/patterns.ts for their syntax), per language; `any` patterns apply
 *   whatever the conversation's language (Spanish, Arabic…). `unless`: patterns that, when they
 *   match, mean it is not this situation (a labour question, not conjugal violence).
 */
const id = KebabId;
const Source = z.strictObject({ url: keyed(z.url(), 'field.url'), title: z.string().optional(), kind: z.enum(SOURCE_KINDS) });
const atLeastOneSource = () => keyed(z.minLength(1), 'field.atLeastOneSource');
const Patterns = z.array(z.string().trim().min(1)).default([]);

export const CrisisLine = z
  .strictObject({
  name: Localized,
  /** The number as the messages write it: "9-1-1", "1 866 APPELLE (1 866 277-3553)". Each occurrence becomes a link. */
  shown: z.array(z.string().min(1)).default([]),
  /** What a phone dials: digits only, e.g. 911, 18662773553. Absent for a service with one number per region (the DPJ): then `url`. */
  dial: z
    .string()
    .check(keyed(z.regex(/^[0-9]{3,15}$/), 'safety.dialDigits'))
    .optional(),
  /** A number to text instead, when there is one (535353). */
  text: z.strictObject({ shown: z.string().min(1), number: z.string().check(keyed(z.regex(/^[0-9]{3,15}$/), 'safety.textDigits')) }).optional(),
  hours: Localized.optional(),
  url: z.url().optional(),
  sources: z.array(Source).check(atLeastOneSource()),
})
  .refine((l) => l.dial !== undefined || l.url !== undefined, refineKey('safety.lineNeedsDialOrUrl'))
  .refine((l) => l.dial === undefined || l.shown.length > 0, refineKey('safety.lineNeedsShown'));
export type CrisisLine = z.infer<typeof CrisisLine>;

export const Situation = z.strictObject({
  label: Localized,
  /** Shown first and alone, in the conversation's language. */
  message: Localized,
  /** The caseworker's safety card: one line on what to do first. */
  caseworker: Localized,
  lines: z.array(id).check(keyed(z.minLength(1), 'safety.atLeastOneLine')),
  /** Offerings whose details are offered as buttons after the message. */
  offerings: z.array(id).default([]),
  patterns: z.strictObject({ fr: Patterns, en: Patterns, any: Patterns }),
  unless: Patterns,
  sources: z.array(Source).check(atLeastOneSource()),
});
export type Situation = z.infer<typeof Situation>;

export const SafetyData = z.strictObject({
  /** Word lists patterns name as @list (partners, harm verbs…), so one pattern covers many phrasings. */
  words: z.record(z.string().check(keyed(z.regex(/^[a-z][a-z0-9_]*$/), 'safety.listName')), z.array(z.string().trim().min(1)).min(1)).default({}),
  lines: z.record(id, CrisisLine),
  situations: z.record(id, Situation),
});
export type SafetyData = z.infer<typeof SafetyData>;
