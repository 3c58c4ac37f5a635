import type { LoadedOffering } from './offering-schema';

/** One of an offering's regional points of service (`access.regional`). */
export type RegionalContact = LoadedOffering['access']['regional'][number];

/**
 * The point of service for a client's region, when the offering's differ by region (PRAIDA in
 * Montréal, MIFI's regional offices); undefined when the region is not known or has none of its own,
 * and the offering's general contacts apply.
 */
export function regionalContact(offering: LoadedOffering, region: unknown): RegionalContact | undefined {
  if (typeof region !== 'string') return undefined;
  return offering.access.regional.find((r) => (r.regions as readonly string[]).includes(region));
}

/** Whether the client's region changes whom to contact for this offering. */
export const contactDependsOnRegion = (offering: LoadedOffering): boolean => offering.access.regional.length > 0;
