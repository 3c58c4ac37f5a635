import { contentHash } from '../knowledge/knowledge-base';
import { PreconditionFailedError, PreconditionRequiredError } from './errors';

/**
 * An offering's ETag: the short SHA-256 of its canonical JSON (keys sorted). Derived from the
 * content, not stored, so every instance computes the same one and a write that changes nothing
 * keeps it. Bare hex: the HTTP layer adds the quotes.
 */
export const offeringEtag = (data: unknown): string => contentHash(data);

/**
 * The If-Match rules of an offering edit, so that no edit silently overwrites another:
 * - it exists: If-Match is required (`*` names no version, so it does not count) and must be
 *   its current ETag;
 * - it does not exist: creating needs no If-Match, and any If-Match fails, even `*` (as in HTTP).
 * A blank value counts as absent; the quotes of an HTTP header are accepted.
 */
export function checkIfMatch(id: string, existing: unknown, ifMatch: string | undefined): void {
  const given = ifMatch?.trim().replace(/^"(.*)"$/, '$1') || undefined;
  if (existing === undefined) {
    if (given !== undefined) throw new PreconditionFailedError(id, undefined);
    return;
  }
  if (given === undefined || given === '*') throw new PreconditionRequiredError(id);
  const current = offeringEtag(existing);
  if (given !== current) throw new PreconditionFailedError(id, current);
}
