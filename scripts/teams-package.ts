/**
 * `npm run teams:package [-- --out PATH]`: the Teams app package (dist/teams-app.zip by default),
 * from teams/ and the settings MicrosoftAppId, TEAMS_APP_ID and PUBLIC_URL (see docs/teams.md).
 * Exit 1 with a message naming the setting when one is missing or wrong.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { commandReader } from '../src/app/command-reader';
import { ConfigError, loadConfig } from '../src/config';
import { fromPackageRoot } from '../src/package-root';
import { buildTeamsPackage, writeTeamsPackage } from './teams/build-package';
import { jsonText, TeamsPackageError } from './teams/manifest';

const DEFAULT_OUT = fromPackageRoot('dist', 'teams-app.zip');
const USAGE = 'usage: npm run teams:package [-- --out PATH]   (default: dist/teams-app.zip)';

function main(argv: string[]): number {
  let out: string;
  try {
    const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } } });
    out = resolve(values.out ?? DEFAULT_OUT);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const pkg = buildTeamsPackage({ config: loadConfig(), readIntent: commandReader() });
    for (const warning of pkg.warnings) console.error(`warning: ${warning}`);
    writeTeamsPackage(pkg, out);
    console.log(`wrote ${out} (${Object.keys(pkg.entries).join(', ')}), app id ${jsonText(pkg.manifest.id)}, version ${jsonText(pkg.manifest.version)}`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof TeamsPackageError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
