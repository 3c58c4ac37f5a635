import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * A YAML list in the knowledge folder that seeds a document admins then edit in the store
 * (test-profiles.yaml, organizations.yaml); absent: an empty list. Only read here, checked where
 * what it refers to is known.
 */
export function readSeedFile(dir: string, name: string): unknown {
  const path = join(dir, name);
  return existsSync(path) ? (parse(readFileSync(path, 'utf8')) as unknown) : [];
}

export const TEST_PROFILES_FILE = 'test-profiles.yaml';
export const ORGANIZATIONS_FILE = 'organizations.yaml';
