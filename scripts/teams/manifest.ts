/** A Teams manifest or localization file, as JSON. Its shape is checked against Microsoft's schema in the tests. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A problem with the settings or the package sources; the CLI prints it and exits 1. */
export class TeamsPackageError extends Error {
  override name = 'TeamsPackageError';
}

/** A manifest value as text: strings as they are, anything else as JSON. */
export const jsonText = (value: Json | undefined): string => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** Replaces every `{{NAME}}` in the template's strings; a name without a value is an error, not an empty string. */
export function fillPlaceholders(value: Json, values: Record<string, string>, file: string): Json {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_, name: string) => {
      const v = values[name];
      if (v === undefined) throw new TeamsPackageError(`${file}: unknown placeholder {{${name}}} (known: ${Object.keys(values).join(', ')})`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillPlaceholders(v, values, file));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, values, file)]));
  return value;
}

/**
 * What each command of the menu must make the bot do, in the order of the template's commands.
 * A menu entry sends its title as a message, so a title the bot does not know as a command would
 * run a search for "check eligibility" instead.
 */
export const MENU_INTENTS = ['search', 'checkClient', 'myReferrals', 'help'] as const;

/** How the bot reads a message (the dialogs' IntentReader, given by the caller): its kind, and the query when it is a search. */
export type ReadIntent = (text: string) => { kind: string; query?: string };

/** A command title per localization key: `bots[0].commandLists[0].commands[1].title` → its text in one file. */
export interface CommandTitle {
  file: string;
  key: string;
  title: string;
  /** Index in the command list, which gives the expected intent. */
  index: number;
}

/** Every command title of the manifest (default language) and of the localization files. */
export function commandTitles(manifest: JsonObject, localizations: Record<string, JsonObject>): CommandTitle[] {
  const titles: CommandTitle[] = [];
  const bots = (manifest.bots ?? []) as JsonObject[];
  bots.forEach((bot, b) =>
    ((bot.commandLists ?? []) as JsonObject[]).forEach((list, l) =>
      ((list.commands ?? []) as JsonObject[]).forEach((command, index) =>
        titles.push({ file: 'manifest.json', key: `bots[${b}].commandLists[${l}].commands[${index}].title`, title: jsonText(command.title), index }),
      ),
    ),
  );
  for (const [file, strings] of Object.entries(localizations)) {
    for (const [key, title] of Object.entries(strings)) {
      const m = /^bots\[\d+\]\.commandLists\[\d+\]\.commands\[(\d+)\]\.title$/.exec(key);
      if (m) titles.push({ file, key, title: jsonText(title), index: Number(m[1]) });
    }
  }
  return titles;
}

/** Fails unless every command title reads, for the bot, as the command of its place in the menu. */
export function checkCommandTitles(titles: readonly CommandTitle[], readIntent: ReadIntent): void {
  const problems = titles.flatMap(({ file, key, title, index }) => {
    const expected = MENU_INTENTS[index];
    if (!expected)
      return [`${file}: ${key}: the menu has ${MENU_INTENTS.length} commands (${MENU_INTENTS.join(', ')}); remove this one or teach the bot its intent`];
    const intent = readIntent(title);
    const ok = intent.kind === expected && intent.query === undefined;
    return ok
      ? []
      : [`${file}: ${key}: "${title}" is not a command word of the bot for ${expected}; use one of commands.${expected} in locales/{en,fr}/bot.json`];
  });
  if (problems.length) throw new TeamsPackageError(problems.join('\n'));
}
