import { z } from 'zod';
import { Localized, LocalizedList } from './localized';
import { Rule } from './rule-schema';
import { keyed, refineKey, validationText } from './validation-messages';
import { ACCESS_MODES, CATEGORIES, PROVIDER_KINDS, REGIONS, type Language } from './vocabulary';

/**
 * The format of one offering, `knowledge/offerings/<id>.yaml`: the single source of the
 * offering's TypeScript type and of `knowledge/schema/offering.schema.json`.
 * Field names follow Open Referral's HSDS where one fits (service, organization, eligibility,
 * required documents, service area, languages, fees).
 */

export const OFFERING_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Why `id` cannot name an offering, or undefined when it can: kebab-case, and not a name of JavaScript's own objects ("constructor"). */
export function offeringIdProblem(id: string, lang: Language = 'en'): string | undefined {
  if (!OFFERING_ID.test(id)) return validationText(lang, 'offering.invalidId', { id });
  if (id in Object.prototype) return validationText(lang, 'offering.reservedId', { id });
  return undefined;
}

const isoDate = keyed(z.iso.date(), 'field.date');
/** A full URL; its messages, a missing one's included, are `key`. */
const url = (key = 'field.url') => keyed(z.url(), key);

const Phone = z.strictObject({
  /** A full number, or a three-digit service line (211, 811, 911). */
  number: z.string().check(keyed(z.regex(/^([0-9]{3}|[0-9 +()-]{7,}(,? ?(poste|ext\.?) ?[0-9]+)?)$/), 'offering.phone')),
  label: Localized.optional(),
  /** The sources leave the number open: cards show it with "confirm with the organization". */
  toConfirm: z.boolean().optional(),
});

/**
 * Where a fact comes from. `official`: the responsible body's own page (a ministry, the program,
 * the organization itself); shown to everyone. `secondary`: anything else (news, another
 * organization, a private site, an old document); kept for admins, never shown to the public.
 */
export const SOURCE_KINDS = ['official', 'secondary'] as const;
const Source = z.strictObject({
  url: url(),
  title: z.string().optional(),
  kind: z.enum(SOURCE_KINDS),
  /** The source's id in the project's fact sheet (S51, S72b), so that a fact can be traced to it. */
  ref: z
    .string()
    .check(keyed(z.regex(/^S\d+[a-z]?$/), 'offering.sourceRef'))
    .optional(),
});
export type Source = z.infer<typeof Source>;

export const Offering = z.strictObject({
  /** Optional: the file name is the id. When given, it must match the file name. */
  id: z.string().regex(OFFERING_ID).optional(),
  name: Localized,
  /** Acronym or other name people search for (PASI, RAMQ, CJE). */
  alternateNames: z.array(z.string().min(1)).default([]),
  /** One plain-language sentence. */
  summary: Localized.refine((s) => s.fr.length <= 240 && s.en.length <= 240, refineKey('offering.summaryTooLong')),
  description: Localized,
  provider: z.strictObject({
    name: Localized,
    kind: z.enum(PROVIDER_KINDS),
  }),
  categories: z.array(z.enum(CATEGORIES)).check(keyed(z.minLength(1), 'offering.atLeastOneCategory')),
  eligibility: z
    .strictObject({
      /** The sourced criteria. Without rules an offering is "to check", unless `open` says it is for everyone. */
      rules: Rule.optional(),
      /** Open to everyone, as the source at `source` (one of the offering's sources) says. */
      open: z.strictObject({ source: url('offering.openSourceUrl') }).optional(),
      /**
       * What the sources leave open, as data: when `when` holds for the client (or is not known yet),
       * an answer that would be "eligible" is "to check", with `reason` (plain words, shown to users).
       */
      verify: z
        .array(z.strictObject({ when: Rule, reason: Localized, source: z.string().min(1).optional() }))
        .default([]),
      notes: Localized,
    })
    .refine((e) => !(e.open && e.rules), { ...refineKey('offering.openHasNoRules'), path: ['open'] }),
  /** HSDS required_document. */
  documents: z.array(Localized).default([]),
  access: z.strictObject({
    modes: z.array(z.enum(ACCESS_MODES)).check(keyed(z.minLength(1), 'offering.atLeastOneAccessMode')),
    howTo: Localized,
    url: url().optional(),
    phones: z.array(Phone).default([]),
    address: z.string().min(1).optional(),
    /** Points of service that differ by region (PRAIDA, MIFI's regional offices): the client's region gets its own. */
    regional: z
      .array(
        z.strictObject({
          regions: z.array(z.enum(REGIONS)).min(1),
          name: Localized,
          phones: z.array(Phone).default([]),
          address: z.string().min(1).optional(),
          url: z.url().optional(),
        }),
      )
      .default([]),
  }),
  cost: z.strictObject({
    free: z.boolean(),
    notes: Localized.optional(),
  }),
  /** Languages the service is given in (ISO 639-1 codes). */
  languages: z.array(z.string().check(keyed(z.regex(/^[a-z]{2}$/), 'offering.languageCode'))).min(1),
  /** HSDS service_area: `all` of Québec or a list of administrative regions. */
  regions: z.union([z.literal('all'), z.array(z.enum(REGIONS)).min(1)]),
  /**
   * A service whose very name can put someone at risk (conjugal violence): referral letters can be
   * discreet, with no service name or subject, only the reference and the contact.
   */
  sensitive: z.boolean().default(false),
  /** ADS+: how the offering serves gender-differentiated realities. */
  adsPlus: Localized.optional(),
  keywords: LocalizedList,
  sources: z.array(Source).check(keyed(z.minLength(1), 'field.atLeastOneSource')),
  /**
   * For admins only, never shown to the public: what is unsure and must be checked ("to verify",
   * secondary sources, dated figures). Public texts say "confirm with the organization" instead.
   */
  editorNotes: z.array(z.string().trim().min(1)).default([]),
  lastReviewed: isoDate,
  /** Who keeps this offering accurate (a team or a person): the admin console's review list. */
  owner: z.string().trim().min(1).max(120).optional(),
  /** Retired: hidden from search, eligibility and referrals, kept in the versions' history. */
  retired: z.strictObject({ on: isoDate, reason: z.string().trim().min(1).max(500).optional() }).optional(),
});
export type Offering = z.infer<typeof Offering>;

/** An offering once loaded: its id comes from its file name. */
export type LoadedOffering = Offering & { id: string };
