import { z } from 'zod';
import { Localized } from './localized';
import { KebabId } from './kebab-id';

/**
 * A test profile: a made-up client, described with the facts of facts.yaml, whose eligibility
 * the admin console shows for the offering being edited. Facts are checked against facts.yaml
 * where they are used (parseClientFacts), since the facts may change.
 */
export const TestProfile = z.strictObject({
  id: KebabId,
  name: Localized,
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type TestProfile = z.infer<typeof TestProfile>;

/** At most 20 profiles: the preview evaluates each on every click. */
export const MAX_TEST_PROFILES = 20;

export const TestProfileList = z
  .array(TestProfile)
  .max(MAX_TEST_PROFILES)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], params: { key: 'list.duplicateId', id: p.id } });
      seen.add(p.id);
    });
  });
