import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const TEST_PROFILES_FILE = 'test-profiles.yaml';

/**
 * The first test profiles, from `<dir>/test-profiles.yaml` (absent: none). Only read here;
 * checked where the facts are known (checkTestProfiles).
 */
export function readTestProfilesFile(dir: string): unknown {
  const path = join(dir, TEST_PROFILES_FILE);
  return existsSync(path) ? (parse(readFileSync(path, 'utf8')) as unknown) : [];
}
