import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Tests that start the real server run the compiled build, as `npm start` does: it is brought up
 * to date once before the suite (incremental, a few seconds when nothing changed).
 */
export default function globalSetup(): void {
  const root = join(__dirname, '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
