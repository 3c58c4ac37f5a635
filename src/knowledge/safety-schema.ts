import { z } from 'zod';
import { Localized } from './localized';
import { SOURCE_KINDS } from './offering-schema';

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
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)');
const Source = z.strictObject({ url: z.url({ message: 'must be a full URL (https://...)' }), title: z.string().optional(), kind: z.enum(SOURCE_KINDS) });
const Patterns = z.array(z.string().trim().min(1)).default([]);

export const CrisisLine = z
  .strictObject({
  name: Localized,
  /** The number as the messages write it: "9-1-1", "1 866 APPELLE (1 866 277-3553)". Each occurrence becomes a link. */
  shown: z.array(z.string().min(1)).default([]),
  /** What a phone dials: digits only, e.g. 911, 18662773553. Absent for a service with one number per region (the DPJ): then `url`. */
  dial: z.string().regex(/^[0-9]{3,15}$/, 'digits only, e.g. 911 or 18002773553').optional(),
  /** A number to text instead, when there is one (535353). */
  text: z.strictObject({ shown: z.string().min(1), number: z.string().regex(/^[0-9]{3,15}$/, 'digits only') }).optional(),
  hours: Localized.optional(),
  url: z.url().optional(),
  sources: z.array(Source).min(1, 'at least one source'),
})
  .refine((l) => l.dial !== undefined || l.url !== undefined, { message: 'a line needs a number to dial or a page (url)' })
  .refine((l) => l.dial === undefined || l.shown.length > 0, { message: 'write how the messages show the number (shown)' });
export type CrisisLine = z.infer<typeof CrisisLine>;

export const Situation = z.strictObject({
  label: Localized,
  /** Shown first and alone, in the conversation's language. */
  message: Localized,
  /** The caseworker's safety card: one line on what to do first. */
  caseworker: Localized,
  lines: z.array(id).min(1, 'at least one line'),
  /** Offerings whose details are offered as buttons after the message. */
  offerings: z.array(id).default([]),
  patterns: z.strictObject({ fr: Patterns, en: Patterns, any: Patterns }),
  unless: Patterns,
  sources: z.array(Source).min(1, 'at least one source'),
});
export type Situation = z.infer<typeof Situation>;

export const SafetyData = z.strictObject({
  /** Word lists patterns name as @list (partners, harm verbs…), so one pattern covers many phrasings. */
  words: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'list names are lower_snake_case'), z.array(z.string().trim().min(1)).min(1)).default({}),
  lines: z.record(id, CrisisLine),
  situations: z.record(id, Situation),
});
export type SafetyData = z.infer<typeof SafetyData>;
