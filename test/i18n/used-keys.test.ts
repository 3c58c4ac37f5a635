import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createI18n } from '../../src/i18n/load-locales';
import { BOT_NAMESPACE } from '../../src/i18n/translator';

/** Every literal key the conversation code translates exists in locales/fr/bot.json: a typo would show the key to users. */
const ROOT = join(__dirname, '..', '..');
const DIRS = ['dialogs', 'src/bot', 'src/cards'];
const FILES = ['src/cli/chat.ts', 'src/cli/render-card.ts'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('every t("...") key used by the bot exists in both languages', () => {
  const i18n = createI18n();
  const used = new Set<string>();
  for (const file of [...DIRS.flatMap((d) => files(join(ROOT, d))), ...FILES.map((f) => join(ROOT, f))]) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\bt\(\s*'([\w.-]+)'/g)) used.add(m[1]!);
    for (const m of source.matchAll(/\blistOf\(\s*t,\s*'([\w.-]+)'/g)) used.add(m[1]!);
  }
  expect(used.size).toBeGreaterThan(20);
  for (const lang of ['fr', 'en']) {
    for (const key of used) {
      const exists = i18n.exists(key, { lng: lang, ns: BOT_NAMESPACE }) || i18n.exists(`${key}_other`, { lng: lang, ns: BOT_NAMESPACE });
      expect({ lang, key, exists }).toEqual({ lang, key, exists: true });
    }
  }
});
