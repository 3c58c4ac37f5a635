import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { IntentReader } from '../../dialogs/intent';
import { fold } from '../../src/text/fold';
import { buildTeamsPackage, TEAMS_DIR, writeTeamsPackage, type TeamsPackageOptions } from '../../scripts/teams/build-package';
import { colorIcon, outlineIcon } from '../../scripts/teams/icons';
import { commandTitles, jsonText, MENU_INTENTS, TeamsPackageError, type JsonObject } from '../../scripts/teams/manifest';
import { crc32 } from '../../scripts/teams/png';
import { createI18n } from '../../src/i18n/load-locales';
import { listOf, translator } from '../../src/i18n/translator';
import { readPng } from './png-reader';

const ROOT = join(__dirname, '..', '..');
const SCHEMAS = join(ROOT, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams');
const MANIFEST_SCHEMA = 'MicrosoftTeams.schema.json';
const LOCALIZATION_SCHEMA = 'MicrosoftTeams.Localization.schema.json';
const APP_ID = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';
const TEAMS_APP_ID = '0b7e8a52-1f3c-4d9a-9e21-5c4b3a2d1e0f';
const PUBLIC_URL = 'https://passerelle.example.org';

const i18n = createI18n();
const intents = new IntentReader(i18n);
const readIntent = (text: string) => intents.read({ text });
const temporary: string[] = [];
const tempDir = (prefix: string) => {
  temporary.push(mkdtempSync(join(tmpdir(), prefix)));
  return temporary.at(-1)!;
};
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const build = (config: Partial<TeamsPackageOptions['config']> = {}, teamsDir?: string) =>
  buildTeamsPackage({ config: { MicrosoftAppId: APP_ID, PUBLIC_URL, ...config }, teamsDir, readIntent, version: '1.2.3' });

/** The package as Teams receives it: written to a temporary zip and read back. */
function unzip(config: Partial<TeamsPackageOptions['config']> = {}): Record<string, Buffer> {
  const out = join(tempDir('passerelle-teams-'), 'teams-app.zip');
  writeTeamsPackage(build(config), out);
  return Object.fromEntries(new AdmZip(out).getEntries().map((e) => [e.entryName, e.getData()]));
}
const json = (data: Buffer | undefined) => JSON.parse(String(data)) as JsonObject;

/** The newest schema folder that has both the manifest and the localization schemas ("v1.30" > "v1.9"). */
function newestSchemaVersion(): string {
  const versions = readdirSync(SCHEMAS)
    .filter((d) => /^v\d+\.\d+$/.test(d) && existsSync(join(SCHEMAS, d, MANIFEST_SCHEMA)) && existsSync(join(SCHEMAS, d, LOCALIZATION_SCHEMA)))
    .map((d) => d.slice(1).split('.').map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return versions.at(-1)!.join('.');
}

/**
 * Validation with the options of Microsoft's own @microsoft/app-manifest (draft-04 schemas), offline.
 * unicodeRegExp off: the localization schema's patterns (`\[\b(…)\b]`) are valid ECMA-262 regular
 * expressions but not under the `u` flag Ajv adds by default.
 */
function schemaErrors(schemaFile: string, data: unknown): string[] {
  const ajv = new Ajv04({ allErrors: true, strictTypes: false, strict: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** `bots[0].commandLists[0].commands[1].title` → that value of the manifest, or undefined. */
function at(manifest: JsonObject, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => {
    const m = /^(\w+)((?:\[\d+\])*)$/.exec(part);
    if (!m || !node || typeof node !== 'object') return undefined;
    let value = (node as Record<string, unknown>)[m[1]!];
    for (const [, i] of m[2]!.matchAll(/\[(\d+)\]/g)) value = Array.isArray(value) ? value[Number(i)] : undefined;
    return value;
  }, manifest);
}

describe('the Teams app package', () => {
  const files = unzip();
  const manifest = json(files['manifest.json']);
  const fr = json(files['fr-ca.json']);
  const version = jsonText(manifest.manifestVersion);

  it('holds manifest.json, fr-ca.json and both icons at the root of the zip', () => {
    expect(Object.keys(files).sort()).toEqual(['color.png', 'fr-ca.json', 'manifest.json', 'outline.png']);
  });

  it('uses the newest manifest schema shipped in @microsoft/app-manifest, by its official address', () => {
    expect(version).toBe(newestSchemaVersion());
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/${MANIFEST_SCHEMA}`);
    expect(fr.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/${LOCALIZATION_SCHEMA}`);
  });

  it('has a manifest valid against MicrosoftTeams.schema.json', () => {
    expect(schemaErrors(join(SCHEMAS, `v${version}`, MANIFEST_SCHEMA), manifest)).toEqual([]);
  });

  it('has a French localization file valid against MicrosoftTeams.Localization.schema.json', () => {
    expect(schemaErrors(join(SCHEMAS, `v${version}`, LOCALIZATION_SCHEMA), fr)).toEqual([]);
  });

  it('takes its ids, version and domain from the settings', () => {
    expect(manifest).toMatchObject({ id: APP_ID, version: '1.2.3', validDomains: ['passerelle.example.org'] });
    expect(manifest.bots).toEqual([expect.objectContaining({ botId: APP_ID, scopes: ['personal'], supportsFiles: false })]);
    expect(Object.values(manifest.developer as JsonObject).filter((v) => jsonText(v).startsWith('https://'))).toEqual([
      `${PUBLIC_URL}/`,
      `${PUBLIC_URL}/privacy`,
      `${PUBLIC_URL}/terms`,
    ]);
    const withTeamsId = build({ TEAMS_APP_ID }).manifest;
    expect(withTeamsId.id).toBe(TEAMS_APP_ID);
    expect((withTeamsId.bots as JsonObject[])[0]!.botId).toBe(APP_ID);
  });

  it('without PUBLIC_URL, links to a placeholder, lists no domain and says so', () => {
    const { manifest: m, warnings } = build({ PUBLIC_URL: undefined });
    expect(m.validDomains).toEqual([]);
    expect((m.developer as JsonObject).privacyUrl).toBe('https://passerelle.example.ca/privacy');
    expect(warnings).toEqual([expect.stringContaining('PUBLIC_URL is empty')]);
  });

  it('is in English by default and in French for fr-ca, every text translated', () => {
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en-us', additionalLanguages: [{ languageTag: 'fr-ca', file: 'fr-ca.json' }] });
    const commands = MENU_INTENTS.flatMap((_, i) => [`bots[0].commandLists[0].commands[${i}].title`, `bots[0].commandLists[0].commands[${i}].description`]);
    const translated = ['name.short', 'name.full', 'description.short', 'description.full', ...commands];
    expect(
      Object.keys(fr)
        .filter((k) => k !== '$schema')
        .sort(),
    ).toEqual(translated.sort());
    for (const key of translated.filter((k) => k !== 'name.short')) expect([key, fr[key]]).not.toEqual([key, at(manifest, key)]);
  });

  it('has only localization keys that name a text of the manifest', () => {
    for (const key of Object.keys(fr).filter((k) => k !== '$schema')) expect([key, typeof at(manifest, key)]).toEqual([key, 'string']);
  });

  it('has a menu of search, check eligibility, my referrals and help, whose titles the bot reads as those commands', () => {
    const reader = new IntentReader(i18n);
    const titles = commandTitles(manifest, { 'fr-ca.json': fr });
    expect(titles.map((t) => `${t.file} ${t.title}`)).toEqual([
      'manifest.json search',
      'manifest.json check eligibility',
      'manifest.json my referrals',
      'manifest.json help',
      'fr-ca.json chercher',
      "fr-ca.json vérifier l'admissibilité",
      'fr-ca.json mes références',
      'fr-ca.json aide',
    ]);
    for (const { title, index } of titles) expect([title, reader.read({ text: title })]).toEqual([title, { kind: MENU_INTENTS[index] }]);
  });

  it("has command titles in each file's own language, taken from the bot's command words", () => {
    const words = (lang: 'fr' | 'en', intent: string) => listOf(translator(i18n, lang), `commands.${intent}`).map(fold);
    for (const { file, title, index } of commandTitles(manifest, { 'fr-ca.json': fr })) {
      expect([title, words(file === 'fr-ca.json' ? 'fr' : 'en', MENU_INTENTS[index]!)]).toEqual([title, expect.arrayContaining([fold(title)])]);
    }
  });

  it('stops the build when a command title is not one the bot understands', () => {
    const dir = tempDir('passerelle-teams-src-');
    cpSync(TEAMS_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'fr-ca.json'), JSON.stringify({ ...fr, 'bots[0].commandLists[0].commands[1].title': 'vérifier admissibilité' }));
    expect(() => build({}, dir)).toThrow(TeamsPackageError);
    expect(() => build({}, dir)).toThrow(
      /fr-ca\.json: bots\[0\]\.commandLists\[0\]\.commands\[1\]\.title: "vérifier admissibilité" is not a command word of the bot for checkClient/,
    );
  });

  it.each([
    ['empty', '', /^MicrosoftAppId is empty/],
    ['not a GUID', 'my-bot', /^MicrosoftAppId="my-bot": expected a GUID/],
  ])('refuses a MicrosoftAppId that is %s', (_, MicrosoftAppId, message) => {
    expect(() => build({ MicrosoftAppId })).toThrow(message);
  });
});

describe('the icons', () => {
  const files = unzip();

  it('color.png is 192×192, full colour and opaque', () => {
    const png = readPng(files['color.png']!);
    expect([png.width, png.height]).toEqual([192, 192]);
    const opaque = png.channels === 3 || png.pixels.every((v, i) => i % 4 !== 3 || v === 255);
    expect(opaque).toBe(true);
    const colours = new Set<string>();
    for (let i = 0; i < png.pixels.length; i += png.channels) colours.add(Array.from(png.pixels.subarray(i, i + 3)).join(','));
    expect(colours).toContain('9,87,151'); // Québec blue, #095797
    expect(colours).toContain('255,255,255');
  });

  it('outline.png is 32×32, white on transparent only', () => {
    const png = readPng(files['outline.png']!);
    expect([png.width, png.height, png.channels]).toEqual([32, 32, 4]);
    const offWhite: number[] = [];
    let drawn = 0;
    for (let i = 0; i < png.pixels.length; i += 4) {
      const [r, g, b, a] = png.pixels.subarray(i, i + 4);
      if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) offWhite.push(i / 4);
      if (a === 255) drawn++;
    }
    expect(offWhite).toEqual([]);
    expect(drawn).toBeGreaterThan(100); // a visible shape, not an empty square
    expect(drawn).toBeLessThan(32 * 32 - 100);
  });

  it('in teams/ are what scripts/teams-icons.ts draws (run `npx tsx scripts/teams-icons.ts` after changing the design)', () => {
    expect(readPng(files['color.png']!).pixels).toEqual(colorIcon().pixels);
    expect(readPng(files['outline.png']!).pixels).toEqual(outlineIcon().pixels);
  });

  it('are encoded with the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });
});

describe('npm run teams:package', () => {
  /** Runs the CLI as npm does, from an empty folder so that no .env of the checkout is read. */
  function run(env: Record<string, string>, args: string[]) {
    const cwd = tempDir('passerelle-teams-cli-');
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'teams-package.ts'), ...args], {
      cwd,
      env: { ...process.env, MicrosoftAppId: '', TEAMS_APP_ID: '', PUBLIC_URL: '', ...env },
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
  }

  it('refuses without MicrosoftAppId: exit 1, a message naming it, no file', () => {
    const { code, stderr, cwd } = run({}, ['--out', 'teams-app.zip']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/MicrosoftAppId is empty/);
    expect(existsSync(join(cwd, 'teams-app.zip'))).toBe(false);
  });

  it('writes the zip where --out says', () => {
    const { code, stdout, cwd } = run({ MicrosoftAppId: APP_ID, PUBLIC_URL }, ['--out', 'out/teams-app.zip']);
    expect(code).toBe(0);
    expect(stdout).toContain('teams-app.zip');
    const names = new AdmZip(join(cwd, 'out', 'teams-app.zip')).getEntries().map((e) => e.entryName);
    expect(names.sort()).toEqual(['color.png', 'fr-ca.json', 'manifest.json', 'outline.png']);
  });
});
