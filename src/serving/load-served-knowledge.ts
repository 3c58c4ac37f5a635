import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { formatProblem } from '../knowledge/problems';
import { readKnowledgeDir } from '../knowledge/read-dir';
import { validateKnowledge } from '../knowledge/knowledge-base';
import { KnowledgeStore } from '../knowledge-store/knowledge-store';
import { NothingToPublishError } from '../knowledge-store/errors';
import type { KeyValueStore } from '../storage/key-value-store';
import type { Logger } from '../log/logger';
import { loadOrBuildIndex } from '../search/index-store';
import type { SearchIndex } from '../search/search-index';

/** Thrown when the knowledge base has errors: the bot does not start on wrong data. */
export class KnowledgeError extends Error {
  constructor(readonly problems: string[]) {
    super(`The knowledge base has errors:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}

/** What the files in KNOWLEDGE_DIR held when last imported: files edited since are imported at start. */
const FILES_KEY = 'kb/files';

export interface ServedAtStart {
  kb: KnowledgeBase;
  index: SearchIndex;
  store: KnowledgeStore;
  published: { number: number; publishedAt: string; publishedBy: string };
}

/**
 * The knowledge the server starts with: the knowledge store's current published version (kept in
 * `storage` with every version and the audit log). The files of KNOWLEDGE_DIR seed an empty store;
 * files changed since they were last imported become a new version (teams that review changes in
 * git keep working). Files with errors never replace a good version: the last good published
 * version is served and the errors are logged; only an empty store with bad files stops start-up.
 */
export async function loadServedKnowledge(config: Config, storage: KeyValueStore, logger: Logger): Promise<ServedAtStart> {
  const store = new KnowledgeStore(storage, { staleAfterDays: config.STALE_AFTER_DAYS });
  const seeded = await store.isSeeded();
  // The files' bytes unchanged since their last import: nothing to parse (a warm start at 10,000
  // offerings spent most of its time re-reading YAML it had already imported).
  const fingerprint = filesFingerprint(config.KNOWLEDGE_DIR);
  const remembered = (await storage.read([FILES_KEY]))[FILES_KEY] as { contentVersion?: string; fingerprint?: string } | undefined;
  if (!seeded || fingerprint === undefined || remembered?.fingerprint !== fingerprint) {
    await importChangedFiles(config, storage, store, seeded, remembered?.contentVersion, fingerprint, logger);
  }

  const { kb, version } = await store.current();
  const { index, source } = loadOrBuildIndex(kb, config.DATA_DIR);
  logger.info({ published: version.number, version: kb.version, offerings: kb.offerings.length, index: source }, 'knowledge loaded');
  return { kb, index, store, published: { number: version.number, publishedAt: version.publishedAt, publishedBy: version.publishedBy } };
}

/** Seeds an empty store from the files, or imports them when their content changed; bad files are logged and skipped. */
async function importChangedFiles(
  config: Config,
  storage: KeyValueStore,
  store: KnowledgeStore,
  seeded: boolean,
  rememberedVersion: string | undefined,
  fingerprint: string | undefined,
  logger: Logger,
): Promise<void> {
  const { raw, problems: readProblems } = readKnowledgeDir(config.KNOWLEDGE_DIR);
  const checked = validateKnowledge(raw, { staleAfterDays: config.STALE_AFTER_DAYS });
  const problems = [...readProblems, ...checked.problems].filter((p) => p.severity === 'error');
  const filesKb = problems.length === 0 ? checked.kb : undefined;
  if (!filesKb) {
    if (!seeded) throw new KnowledgeError(problems.map(formatProblem));
    logger.error({ dir: config.KNOWLEDGE_DIR, errors: problems.map(formatProblem) }, 'knowledge files have errors: serving the last good published version');
    return;
  }
  if (!seeded) await store.ensureSeeded(raw);
  else if (rememberedVersion !== filesKb.version) {
    try {
      const imported = await store.importRaw(raw, { who: 'files', note: `changed files in ${config.KNOWLEDGE_DIR}` });
      logger.info({ published: imported.version.number, changes: imported.changes }, 'knowledge files changed: imported as a new version');
    } catch (err) {
      if (!(err instanceof NothingToPublishError)) throw err;
    }
  }
  await storage.write({ [FILES_KEY]: { contentVersion: filesKb.version, fingerprint, eTag: '*' } });
}

/** A hash of every file's path and bytes under the knowledge folder; undefined when it cannot be read. */
export function filesFingerprint(dir: string): string | undefined {
  try {
    const hash = createHash('sha256');
    const walk = (folder: string, prefix: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
        else if (entry.isFile()) hash.update(`${prefix}${entry.name}\0`).update(readFileSync(path)).update('\0');
      }
    };
    walk(dir, '');
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}
