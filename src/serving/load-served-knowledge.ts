import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewRequired, type Config } from '../config';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { formatProblem } from '../knowledge/problems';
import { readKnowledgeDir } from '../knowledge/read-dir';
import { validateKnowledge } from '../knowledge/knowledge-base';
import { KnowledgeStore } from '../knowledge-store/knowledge-store';
import type { KnowledgeContent } from '../knowledge-store/documents';
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

/** What the files in KNOWLEDGE_DIR held when last imported: files edited since are proposed at start. */
const FILES_KEY = 'kb/files';
/** Their content then: a change of the files is what differs from it, not from what admins published since. */
const FILES_CONTENT_KEY = 'kb/files/content';

export interface ServedAtStart {
  kb: KnowledgeBase;
  index: SearchIndex;
  store: KnowledgeStore;
  published: { number: number; publishedAt: string; publishedBy: string };
  /** The change set the changed files were proposed as, waiting for review (a health warning). */
  proposedFiles?: string;
}

/**
 * The knowledge the server starts with: the knowledge store's current published version (kept in
 * `storage` with every version and the audit log). The files of KNOWLEDGE_DIR seed an empty store;
 * files changed since they were last imported become a new version (teams that review changes in
 * git keep working). Files with errors never replace a good version: the last good published
 * version is served and the errors are logged; only an empty store with bad files stops start-up.
 */
export async function loadServedKnowledge(config: Config, storage: KeyValueStore, logger: Logger): Promise<ServedAtStart> {
  const store = new KnowledgeStore(storage, { staleAfterDays: config.STALE_AFTER_DAYS, reviewRequired: reviewRequired(config) });
  const seeded = await store.isSeeded();
  // The files' bytes unchanged since their last import: nothing to parse (a warm start at 10,000
  // offerings spent most of its time re-reading YAML it had already imported).
  const fingerprint = filesFingerprint(config.KNOWLEDGE_DIR);
  const remembered = (await storage.read([FILES_KEY]))[FILES_KEY] as { contentVersion?: string; fingerprint?: string } | undefined;
  let proposedFiles: string | undefined;
  if (!seeded || fingerprint === undefined || remembered?.fingerprint !== fingerprint) {
    proposedFiles = await importChangedFiles(config, storage, store, seeded, remembered?.contentVersion, fingerprint, logger);
  }
  proposedFiles ??= (await store.changeSets.list({ owner: FILES_WHO, status: ['submitted', 'approved', 'open', 'rejected'] })).at(0)?.id;

  const { kb, version } = await store.current();
  const { index, source } = loadOrBuildIndex(kb, config.DATA_DIR);
  logger.info({ published: version.number, version: kb.version, offerings: kb.offerings.length, index: source }, 'knowledge loaded');
  return {
    kb,
    index,
    store,
    published: { number: version.number, publishedAt: version.publishedAt, publishedBy: version.publishedBy },
    ...(proposedFiles && { proposedFiles }),
  };
}

/** Who the change sets made from the files are by. */
export const FILES_WHO = 'files';

/**
 * Seeds an empty store from the files; files changed since their last import become a change set
 * to review (returned), never a publish over versions admins made since. With review off and
 * nothing published since the last import, they are published as before (a git-only team).
 * Bad files are logged and skipped: the last good version is served.
 */
async function importChangedFiles(
  config: Config,
  storage: KeyValueStore,
  store: KnowledgeStore,
  seeded: boolean,
  rememberedVersion: string | undefined,
  fingerprint: string | undefined,
  logger: Logger,
): Promise<string | undefined> {
  const { raw, problems: readProblems } = readKnowledgeDir(config.KNOWLEDGE_DIR);
  const checked = validateKnowledge(raw, { staleAfterDays: config.STALE_AFTER_DAYS });
  const problems = [...readProblems, ...checked.problems].filter((p) => p.severity === 'error');
  const filesKb = problems.length === 0 ? checked.kb : undefined;
  if (!filesKb) {
    if (!seeded) throw new KnowledgeError(problems.map(formatProblem));
    logger.error({ dir: config.KNOWLEDGE_DIR, errors: problems.map(formatProblem) }, 'knowledge files have errors: serving the last good published version');
    return undefined;
  }
  const content = store.contentOfRaw(raw);
  let proposed: string | undefined;
  if (!seeded) await store.ensureSeeded(raw);
  else if (rememberedVersion !== filesKb.version) {
    const before = (await storage.read([FILES_CONTENT_KEY]))[FILES_CONTENT_KEY] as (KnowledgeContent & { eTag?: string }) | undefined;
    // Nothing published since the files were last imported: they are the live content's source.
    const untouchedSince = (await store.current()).kb.version === rememberedVersion;
    if (!reviewRequired(config) && untouchedSince) {
      try {
        const imported = await store.importRaw(raw, { who: FILES_WHO, note: `changed files in ${config.KNOWLEDGE_DIR}` });
        logger.info({ published: imported.version.number, changes: imported.changes }, 'knowledge files changed: imported as a new version');
      } catch (err) {
        if (!(err instanceof NothingToPublishError)) throw err;
      }
    } else {
      const from = before ? withoutETag(before) : (await store.liveContent()).content;
      const name = `Files changed in ${config.KNOWLEDGE_DIR} (${new Date().toISOString().slice(0, 10)})`;
      const { changeSet } = await store.proposeRaw(raw, { who: FILES_WHO, name, from });
      if (changeSet) {
        proposed = changeSet.id;
        logger.warn(
          { changeSet: changeSet.id, offerings: changeSet.offerings.length, dir: config.KNOWLEDGE_DIR },
          'knowledge files changed: proposed as a change set for review, not published (the version served is unchanged)',
        );
      }
    }
  }
  await storage.write({
    [FILES_KEY]: { contentVersion: filesKb.version, fingerprint, eTag: '*' },
    [FILES_CONTENT_KEY]: { ...content, eTag: '*' },
  });
  return proposed;
}

const withoutETag = ({ eTag: _e, ...content }: KnowledgeContent & { eTag?: string }): KnowledgeContent => content;

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
