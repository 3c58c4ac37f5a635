import type { Config } from '../config';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { TestProfile } from '../knowledge/test-profile-schema';
import { readSeedFile, TEST_PROFILES_FILE } from '../knowledge/seed-file';
import { checkTestProfiles, TestProfilesInvalidError } from '../knowledge-store/test-profiles';
import type { Logger } from '../log/logger';

/** The first test profiles, from KNOWLEDGE_DIR; a broken file is a warning (the preview then has none), never a failed start. */
export function seedTestProfiles(config: Config, kb: KnowledgeBase, logger: Logger): TestProfile[] {
  try {
    return checkTestProfiles(readSeedFile(config.KNOWLEDGE_DIR, TEST_PROFILES_FILE), kb.facts);
  } catch (err) {
    const errors = err instanceof TestProfilesInvalidError ? err.errors.map((e) => `${e.path}: ${e.message}`) : [String(err)];
    logger.warn({ dir: config.KNOWLEDGE_DIR, errors }, 'test-profiles.yaml has errors: the console preview starts with no test profile');
    return [];
  }
}
