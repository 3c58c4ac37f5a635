import type { Config } from '../config';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Organization } from '../knowledge/organization-schema';
import { ORGANIZATIONS_FILE, readSeedFile } from '../knowledge/seed-file';
import type { Logger } from '../log/logger';
import { checkOrganizations, OrganizationsInvalidError } from '../referrals/organizations';

/**
 * The first receiving organizations, from KNOWLEDGE_DIR/organizations.yaml: a broken file is an
 * error in the log (referrals are then letters only), never a failed start; placeholder
 * addresses are a warning.
 */
export function seedOrganizations(config: Config, kb: KnowledgeBase, logger: Logger): Organization[] {
  try {
    const { organizations, warnings } = checkOrganizations(readSeedFile(config.KNOWLEDGE_DIR, ORGANIZATIONS_FILE), new Set(kb.offerings.map((o) => o.id)));
    if (warnings.length)
      logger.warn({ file: ORGANIZATIONS_FILE, warnings: warnings.map((w) => `${w.path}: ${w.message}`) }, 'receiving organizations have placeholder addresses');
    return organizations;
  } catch (err) {
    const errors = err instanceof OrganizationsInvalidError ? err.errors.map((e) => `${e.path}: ${e.message}`) : [String(err)];
    logger.error({ file: ORGANIZATIONS_FILE, errors }, 'organizations.yaml has errors: referrals are handed over as letters only');
    return [];
  }
}
