import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import type { Config } from '../../src/config';
import { PACKAGE_ROOT } from '../../src/package-root';
import { checkCommandTitles, commandTitles, fillPlaceholders, jsonText, TeamsPackageError, type JsonObject, type ReadIntent } from './manifest';

const ROOT = PACKAGE_ROOT;
export const TEAMS_DIR = join(ROOT, 'teams');
export const TEMPLATE_FILE = 'manifest.template.json';
/** Stands in for PUBLIC_URL in the developer links, which the manifest requires. */
export const PLACEHOLDER_URL = 'https://passerelle.example.ca';

/** The same pattern as the manifest schema's `guid`. */
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

export interface TeamsPackageOptions {
  config: Pick<Config, 'MicrosoftAppId' | 'TEAMS_APP_ID' | 'PUBLIC_URL'>;
  /** Folder of the template, the localization files and the icons. */
  teamsDir?: string;
  /** The app version Teams shows and compares on update; package.json's by default. */
  version?: string;
  /** How the bot reads a menu command's title: each must be the command of its place in the menu. */
  readIntent: ReadIntent;
}

export interface TeamsPackage {
  manifest: JsonObject;
  /** File name at the root of the zip → content: manifest.json, the localization files, the icons. */
  entries: Record<string, Buffer>;
  /** Usable, but not for production (placeholder links, plain http). */
  warnings: string[];
}

function guid(name: string, value: string | undefined): string {
  if (!value) throw new TeamsPackageError(`${name} is empty: set it to the Microsoft App ID of the bot's Azure registration (a GUID, see docs/teams.md)`);
  if (!GUID.test(value)) throw new TeamsPackageError(`${name}=${JSON.stringify(value)}: expected a GUID, e.g. 00000000-0000-0000-0000-000000000000`);
  return value;
}

function readJson(dir: string, file: string): JsonObject {
  const path = join(dir, file);
  if (!existsSync(path)) throw new TeamsPackageError(`${path}: file not found`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
  } catch (e) {
    throw new TeamsPackageError(`${path}: ${(e as Error).message}`);
  }
}

function readFile(dir: string, file: string): Buffer {
  const path = join(dir, file);
  if (!existsSync(path)) throw new TeamsPackageError(`${path}: file not found (referred to by ${TEMPLATE_FILE})`);
  return readFileSync(path);
}

/** The Teams app package: the manifest from the template and the settings, plus the files it names. */
export function buildTeamsPackage(options: TeamsPackageOptions): TeamsPackage {
  const { config, teamsDir = TEAMS_DIR } = options;
  const botId = guid('MicrosoftAppId', config.MicrosoftAppId);
  const appId = config.TEAMS_APP_ID ? guid('TEAMS_APP_ID', config.TEAMS_APP_ID) : botId;
  const version = options.version ?? (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const warnings: string[] = [];
  if (!config.PUBLIC_URL) warnings.push(`PUBLIC_URL is empty: the developer links point to ${PLACEHOLDER_URL}, and validDomains is empty`);
  else if (!config.PUBLIC_URL.startsWith('https://'))
    warnings.push(`PUBLIC_URL=${config.PUBLIC_URL} is not https: Teams requires https links for a published app`);

  const values = { VERSION: version, TEAMS_APP_ID: appId, MicrosoftAppId: botId, PUBLIC_URL: config.PUBLIC_URL ?? PLACEHOLDER_URL };
  const manifest = fillPlaceholders(readJson(teamsDir, TEMPLATE_FILE), values, TEMPLATE_FILE) as JsonObject;
  // A domain, not an origin: no scheme, no port.
  const domains = new Set([...((manifest.validDomains ?? []) as string[]), ...(config.PUBLIC_URL ? [new URL(config.PUBLIC_URL).hostname] : [])]);
  manifest.validDomains = [...domains];

  const localizationInfo = (manifest.localizationInfo ?? {}) as JsonObject;
  const languageFiles = ((localizationInfo.additionalLanguages ?? []) as JsonObject[]).map((l) => jsonText(l.file));
  const localizations = Object.fromEntries(languageFiles.map((file) => [file, readJson(teamsDir, file)]));
  checkCommandTitles(commandTitles(manifest, localizations), options.readIntent);

  const icons = manifest.icons as JsonObject;
  const entries: Record<string, Buffer> = { 'manifest.json': Buffer.from(JSON.stringify(manifest, null, 2) + '\n') };
  for (const file of languageFiles) entries[file] = readFile(teamsDir, file);
  for (const file of [jsonText(icons.color), jsonText(icons.outline)]) entries[file] = readFile(teamsDir, file);
  return { manifest, entries, warnings };
}

/** The entries as a zip, all at its root: Teams rejects a package whose manifest is in a folder. */
export function zipTeamsPackage(pkg: TeamsPackage): Buffer {
  const zip = new AdmZip();
  for (const [name, data] of Object.entries(pkg.entries)) zip.addFile(name, data);
  return zip.toBuffer();
}

export function writeTeamsPackage(pkg: TeamsPackage, outFile: string): void {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, zipTeamsPackage(pkg));
}
