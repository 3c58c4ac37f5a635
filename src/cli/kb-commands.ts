import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, reviewRequired, type Config } from '../config';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { formatProblem, hasErrors, type Problem } from '../knowledge/problems';
import { loadKnowledgeDir, readKnowledgeDir } from '../knowledge/read-dir';
import { CATEGORIES, LANGUAGES, REGIONS, type Language } from '../knowledge/vocabulary';
import { loadOrBuildIndex, saveIndex } from '../search/index-store';
import { SearchIndex, type SearchHit, type SearchOptions } from '../search/search-index';
import { assess, assessAll, type Assessment } from '../eligibility/assess';
import { FactValueError, parseClientFacts, parseIsoDate } from '../eligibility/client-facts';
import { createI18n } from '../i18n/load-locales';
import type { ContentChanges } from '../knowledge-store/audit';
import { DraftInvalidError, NothingToPublishError, NotFoundError } from '../knowledge-store/errors';
import { KnowledgeStore } from '../knowledge-store/knowledge-store';
import { writeKnowledgeDir } from '../knowledge-store/write-dir';
import { SqliteStorage, STATE_FILE } from '../storage/sqlite-storage';
import { join } from 'node:path';

const USAGE = `usage: npm run --silent kb -- <command>
  validate [--files DIR] [--lang en|fr]          check the published version (or the knowledge files in DIR), messages in English or French; exit 1 on any error
  build [--files DIR]                            write the serialized search index
  search "TEXT" [--lang fr|en] [--json] [--limit N] [--category C] [--region R] [--service-language L] [--files DIR]
  search --batch FILE --json                     FILE: one {"q": "...", "lang": "fr"} per line
  eligibility --facts JSON [--offering ID] [--json] [--lang fr|en] [--today YYYY-MM-DD] [--files DIR]
  import DIR [--who NAME] [--note TEXT]          propose the files in DIR as a change set to review (publish them when REVIEW_REQUIRED=false)
  export DIR [--version N]                       write the served version (or version N) as knowledge files in DIR
Without --files, commands read the version published in the store in DATA_DIR (KNOWLEDGE_DIR when the store is empty).`;

/** Bad usage or input: exit code 2 with a message. */
export class UsageError extends Error {}

/** Runs one command and returns the exit code: 0 ok, 1 validation errors, 2 bad usage or input. */
export async function runKbCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const config = loadConfig();
    switch (command) {
      case 'validate':
        return await validate(rest, config);
      case 'build':
        return await build(rest, config);
      case 'search':
        return await search(rest, config);
      case 'eligibility':
        return await eligibility(rest, config);
      // Awaited so that their usage errors reach the catch below.
      case 'import':
        return await importDir(rest, config);
      case 'export':
        return await exportDir(rest, config);
      default:
        throw new UsageError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

async function validate(args: string[], config: Config): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { files: { type: 'string' }, lang: { type: 'string', default: 'en' } } });
  const dir = values.files ?? positionals[0];
  const lang = languageArg(values.lang);
  let problems: Problem[];
  let offerings: number;
  if (dir !== undefined) {
    const loaded = loadKnowledgeDir(dir, { staleAfterDays: config.STALE_AFTER_DAYS, lang });
    problems = loaded.problems;
    offerings = loaded.kb?.offerings.length ?? 0;
  } else {
    const published = await publishedKnowledge(config, lang);
    if (!published) return validate(['--files', config.KNOWLEDGE_DIR, '--lang', lang], config);
    problems = published.problems;
    offerings = published.kb.offerings.length;
    console.log(`published version ${published.number} (knowledge version ${published.kb.version})`);
  }
  for (const p of problems) (p.severity === 'error' ? console.error : console.log)(formatProblem(p));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const summary = `${offerings} offerings, ${errors} error(s), ${problems.length - errors} warning(s)`;
  (errors ? console.error : console.log)(summary);
  return hasErrors(problems) ? 1 : 0;
}

/** `--lang` of validate: the messages' language, English by default. */
function languageArg(value: string | undefined): Language {
  if (value === undefined) return 'en';
  if (!(LANGUAGES as readonly string[]).includes(value)) throw new UsageError(`--lang must be one of: ${LANGUAGES.join(', ')} (got "${value}")`);
  return value as Language;
}

/**
 * The version published in the store in DATA_DIR, validated again today (stale reviews), or
 * undefined when the store is empty (the server has never started there).
 */
async function publishedKnowledge(config: Config, lang?: Language): Promise<{ kb: KnowledgeBase; number: number; problems: Problem[] } | undefined> {
  if (!existsSync(join(config.DATA_DIR, STATE_FILE))) return undefined;
  const storage = SqliteStorage.inDataDir(config.DATA_DIR);
  try {
    const store = new KnowledgeStore(storage, { staleAfterDays: config.STALE_AFTER_DAYS });
    if (!(await store.isSeeded())) return undefined;
    const { kb, version } = await store.current();
    return { kb, number: version.number, problems: await store.validateDraft(undefined, undefined, { lang }) };
  } finally {
    storage.close();
  }
}

/** The knowledge a command works on: the files in `files`, else the published version (the files of KNOWLEDGE_DIR when nothing is published yet); exit 1 with its errors. */
async function knowledge(config: Config, files?: string): Promise<KnowledgeBase> {
  if (files === undefined) {
    const published = await publishedKnowledge(config);
    if (published) return published.kb;
  }
  const dir = files ?? config.KNOWLEDGE_DIR;
  const { kb, problems } = loadKnowledgeDir(dir, { staleAfterDays: config.STALE_AFTER_DAYS });
  if (!kb) {
    for (const p of problems.filter((x) => x.severity === 'error')) console.error(formatProblem(p));
    throw new UsageError(`the knowledge base in ${dir} has errors: run "npm run kb -- validate --files ${dir}"`);
  }
  return kb;
}

async function build(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { files: { type: 'string' } } });
  const kb = await knowledge(config, values.files);
  const started = performance.now();
  const index = SearchIndex.build(kb);
  const path = saveIndex(index, config.DATA_DIR);
  console.log(`indexed ${kb.offerings.length} offerings (knowledge version ${kb.version}) in ${Math.round(performance.now() - started)} ms: ${path}`);
  return 0;
}

const BatchLine = z.object({ q: z.string(), lang: z.enum(LANGUAGES).optional() });

const SEARCH_FLAGS = new Set(['--json']);
const SEARCH_OPTIONS = new Set(['--lang', '--batch', '--limit', '--category', '--region', '--service-language', '--files']);

/**
 * The search TEXT is whatever a user typed, so it may itself look like an option ("-plumber",
 * "--help"): anything that is not one of search's own options is taken as the text.
 */
function splitSearchArgs(args: string[]): string[] {
  const options: string[] = [];
  const text: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = a.split('=')[0]!;
    if (a === '--') {
      text.push(...args.slice(i + 1));
      break;
    }
    if (SEARCH_FLAGS.has(a)) options.push(a);
    else if (SEARCH_OPTIONS.has(name)) {
      options.push(a);
      if (!a.includes('=') && i + 1 < args.length) options.push(args[++i]!);
    } else text.push(a);
  }
  return [...options, '--', ...text];
}

async function search(args: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args: splitSearchArgs(args),
    allowPositionals: true,
    options: {
      lang: { type: 'string' },
      json: { type: 'boolean', default: false },
      batch: { type: 'string' },
      limit: { type: 'string' },
      category: { type: 'string', multiple: true },
      region: { type: 'string' },
      'service-language': { type: 'string' },
      files: { type: 'string' },
    },
  });
  const options = searchOptions(values);
  const { index } = loadOrBuildIndex(await knowledge(config, values.files), config.DATA_DIR);

  if (values.batch !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.batch, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${values.batch}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const out: string[] = [];
    lines.forEach((line, i) => {
      let parsed;
      try {
        parsed = BatchLine.safeParse(JSON.parse(line));
      } catch {
        throw new UsageError(`${values.batch}: line ${i + 1}: not valid JSON`);
      }
      if (!parsed.success) throw new UsageError(`${values.batch}: line ${i + 1}: expected {"q": "...", "lang": "fr" | "en"}`);
      const hits = index.search(parsed.data.q, { ...options, lang: parsed.data.lang ?? options.lang });
      out.push(values.json ? JSON.stringify(hits.map(jsonHit)) : formatHits(parsed.data.q, hits, options.lang ?? 'fr'));
    });
    console.log(out.join('\n'));
    return 0;
  }

  if (positionals.length !== 1) throw new UsageError(`search takes one quoted TEXT (or --batch FILE)\n${USAGE}`);
  const hits = index.search(positionals[0]!, options);
  console.log(values.json ? JSON.stringify(hits.map(jsonHit)) : formatHits(positionals[0]!, hits, options.lang ?? 'fr'));
  return 0;
}

function searchOptions(values: { lang?: string; limit?: string; category?: string[]; region?: string; 'service-language'?: string }): SearchOptions {
  const oneOf = <T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of: ${allowed.join(', ')} (got "${value}")`);
    return value as T;
  };
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number, 1 or more (got "${values.limit}")`);
  }
  return {
    lang: oneOf('lang', values.lang, LANGUAGES),
    limit,
    categories: values.category?.map((c) => oneOf('category', c, CATEGORIES)!),
    region: oneOf('region', values.region, REGIONS),
    serviceLanguage: values['service-language'],
  };
}

/** The exact JSON form other tools read: `{"id", "score", "name": {"fr", "en"}}`. */
const jsonHit = (h: SearchHit) => ({ id: h.id, score: h.score, name: { fr: h.name.fr, en: h.name.en } });

function formatHits(query: string, hits: SearchHit[], lang: 'fr' | 'en'): string {
  if (hits.length === 0) return `${JSON.stringify(query)}: no results`;
  return [`${JSON.stringify(query)}:`, ...hits.map((h, i) => `  ${i + 1}. ${h.name[lang]}  [${h.id}, ${h.score}]`)].join('\n');
}

async function eligibility(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      facts: { type: 'string' },
      offering: { type: 'string' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string' },
      today: { type: 'string' },
      files: { type: 'string' },
    },
  });
  if (values.facts === undefined) throw new UsageError(`eligibility needs --facts JSON\n${USAGE}`);
  const lang = values.lang === undefined ? 'fr' : values.lang === 'fr' || values.lang === 'en' ? values.lang : undefined;
  if (!lang) throw new UsageError(`--lang must be one of: fr, en (got "${values.lang}")`);
  const now = values.today === undefined ? new Date() : parseIsoDate(values.today);
  if (!now) throw new UsageError(`--today must be a date written YYYY-MM-DD (got "${values.today}")`);

  const kb = await knowledge(config, values.files);
  let input: unknown;
  try {
    input = JSON.parse(values.facts);
  } catch {
    throw new UsageError(`--facts is not valid JSON: ${values.facts}`);
  }
  let facts;
  try {
    facts = parseClientFacts(input, kb.facts, now);
  } catch (e) {
    if (e instanceof FactValueError) throw new UsageError(e.message);
    throw e;
  }
  const i18n = createI18n();
  const t = { fr: i18n.getFixedT('fr', 'eligibility'), en: i18n.getFixedT('en', 'eligibility') };
  let results: Assessment[];
  if (values.offering !== undefined) {
    const one = assess(kb, values.offering, facts, t, now);
    if (!one) throw new UsageError(`unknown offering "${values.offering}"`);
    results = [one];
  } else {
    results = assessAll(kb, facts, t, now);
  }
  if (values.json) {
    console.log(JSON.stringify(results.map((r) => ({ id: r.id, status: r.status, reasons: r.reasons, missing: r.missing }))));
    return 0;
  }
  for (const r of results) {
    console.log(`${r.id}: ${r.status}${r.missing.length ? ` (missing: ${r.missing.join(', ')})` : ''}`);
    for (const reason of r.reasons) console.log(`  - ${reason[lang]}`);
  }
  return 0;
}

/**
 * The published knowledge store in DATA_DIR (the one the admin API edits), seeded from
 * KNOWLEDGE_DIR when it is still empty. Closed after `use`.
 */
async function withStore<T>(config: Config, use: (store: KnowledgeStore) => Promise<T>): Promise<T> {
  const storage = SqliteStorage.inDataDir(config.DATA_DIR);
  try {
    const store = new KnowledgeStore(storage, { staleAfterDays: config.STALE_AFTER_DAYS, reviewRequired: reviewRequired(config) });
    if (!(await store.isSeeded())) {
      const { raw, problems } = readKnowledgeDir(config.KNOWLEDGE_DIR);
      // A file that does not parse is left out of `raw`: never seed without it.
      if (hasErrors(problems)) {
        for (const p of problems.filter((x) => x.severity === 'error')) console.error(formatProblem(p));
        throw new UsageError(`the knowledge base in ${config.KNOWLEDGE_DIR} has errors: run "npm run kb -- validate"`);
      }
      await store.ensureSeeded(raw);
    }
    return await use(store);
  } finally {
    storage.close();
  }
}

async function importDir(args: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { who: { type: 'string' }, note: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError(`import takes one DIR\n${USAGE}`);
  const dir = positionals[0]!;
  if (!existsSync(dir)) throw new UsageError(`no folder ${dir}`);
  const who = values.who?.trim() || 'cli';
  const { raw, problems } = readKnowledgeDir(dir);
  if (hasErrors(problems)) return printProblems(problems);
  return withStore(config, async (store) => {
    try {
      if (reviewRequired(config)) {
        const { changeSet } = await store.proposeRaw(raw, { who, name: values.note ?? `Import of ${dir}` });
        if (!changeSet) console.log(`nothing to import: ${dir} has the content published now`);
        else
          console.log(
            `change set ${changeSet.id} proposed from ${dir} for review (${changeSet.offerings.length} offerings changed); another admin approves and publishes it`,
          );
        return 0;
      }
      const { version, changes, warnings } = await store.importRaw(raw, { who, note: values.note });
      for (const w of warnings) console.log(formatProblem(w));
      console.log(`version ${version.number} published from ${dir} (knowledge version ${version.contentVersion}, ${version.offerings} offerings)`);
      for (const line of describeChanges(changes)) console.log(`  ${line}`);
      return 0;
    } catch (e) {
      if (e instanceof DraftInvalidError) return printProblems(e.problems);
      // The store already serves this content: the import's goal is reached.
      if (e instanceof NothingToPublishError) {
        console.log(`nothing to import: ${dir} has the content of version ${e.current} (knowledge version ${e.contentVersion})`);
        return 0;
      }
      throw e;
    }
  });
}

async function exportDir(args: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { version: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError(`export takes one DIR\n${USAGE}`);
  const dir = positionals[0]!;
  const number = values.version === undefined ? undefined : Number(values.version);
  if (number !== undefined && (!Number.isInteger(number) || number < 1))
    throw new UsageError(`--version must be a version number, 1 or more (got "${values.version}")`);
  return withStore(config, async (store) => {
    let snapshot;
    try {
      snapshot = number === undefined ? await store.exportCurrent() : await store.snapshot(number);
    } catch (e) {
      if (e instanceof NotFoundError) throw new UsageError(`no version ${number} (the latest is ${(await store.head()).latest})`);
      throw e;
    }
    const { version, content } = snapshot;
    const { removed } = writeKnowledgeDir(dir, content);
    for (const file of removed) console.log(`removed ${file}`);
    console.log(`version ${version.number} written to ${dir} (knowledge version ${version.contentVersion}, ${version.offerings} offerings)`);
    return 0;
  });
}

/** Every problem as `file: path: message`, then the count; exit code 1. */
function printProblems(problems: Problem[]): number {
  for (const p of problems) (p.severity === 'error' ? console.error : console.log)(formatProblem(p));
  console.error(`${problems.filter((p) => p.severity === 'error').length} error(s): nothing imported`);
  return 1;
}

function describeChanges(c: ContentChanges): string[] {
  return [
    c.added.length ? `added: ${c.added.join(', ')}` : '',
    c.changed.length ? `changed: ${c.changed.join(', ')}` : '',
    c.removed.length ? `removed: ${c.removed.join(', ')}` : '',
    c.facts ? 'facts changed' : '',
    c.glossary ? 'glossary changed' : '',
    c.safety ? 'safety changed' : '',
  ].filter(Boolean);
}
