import { z } from 'zod';
import { Localized } from './localized';
import { KebabId } from './kebab-id';
import { REGIONS } from './vocabulary';

/**
 * A receiving organization (knowledge/organizations.yaml): who gets a caseworker's referral for
 * the offerings it serves, in the regions it serves.
 */
export const Organization = z.strictObject({
  id: KebabId,
  name: Localized,
  /** The languages it serves people in (two-letter codes). */
  languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1),
  /** Where referral notices go; without it the referral is handed over as a letter only. */
  referralEmail: z.email().optional(),
  offerings: z.array(z.string().min(1)).min(1),
  regions: z.union([z.literal('all'), z.array(z.enum(REGIONS)).min(1)]),
  source: z.strictObject({ url: z.url(), title: z.string().optional() }),
});
export type Organization = z.infer<typeof Organization>;

export const OrganizationList = z.array(Organization).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((o, i) => {
    if (seen.has(o.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], params: { key: 'list.duplicateId', id: o.id } });
    seen.add(o.id);
  });
});

/** Placeholder addresses (RFC 2606 domains) that must be replaced before production. */
export const isPlaceholderEmail = (email: string): boolean => /@(example\.(org|com|net)|[^@]+\.(example|invalid|test))$/i.test(email);

/**
 * The organization that receives a referral to `offeringId` for a client in `region`: one serving
 * that region by name first, then one serving every region; none when the region matters and is
 * unknown, or when no organization serves it.
 */
export function organizationFor(list: readonly Organization[], offeringId: string, region: unknown): Organization | undefined {
  const serving = list.filter((o) => o.offerings.includes(offeringId));
  const named = typeof region === 'string' ? serving.find((o) => o.regions !== 'all' && (o.regions as readonly string[]).includes(region)) : undefined;
  return named ?? serving.find((o) => o.regions === 'all');
}
