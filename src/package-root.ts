import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's own folder (where package.json, locales/ and public/ are), found by walking up
 * from this file: the same answer from the sources (src/) and from the compiled build
 * (dist/src/), whatever the working directory.
 */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'passerelle') return dir;
    if (dirname(dir) === dir) throw new Error(`package.json of passerelle not found above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);

/** A path inside the project folder: `fromPackageRoot('locales')`. */
export const fromPackageRoot = (...parts: string[]): string => join(PACKAGE_ROOT, ...parts);
