import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Logger } from '../log/logger';
import { SearchIndex } from './search-index';

export const INDEX_FILE = 'search-index.json';

export const indexPath = (dataDir: string) => join(dataDir, INDEX_FILE);

/** Writes the index beside the data, atomically: a reader never sees half a file. */
export function saveIndex(index: SearchIndex, dataDir: string): string {
  const path = indexPath(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(index.serialize()));
  renameSync(tmp, path);
  return path;
}

export interface LoadedIndex {
  index: SearchIndex;
  /** `loaded`: the saved index matched the knowledge; `built`: it was missing, stale or unreadable. */
  source: 'loaded' | 'built';
}

/** Loads the saved index when it was built from this very knowledge, else builds and saves a new one. */
export function loadOrBuildIndex(kb: KnowledgeBase, dataDir: string, options: { save?: boolean } = {}): LoadedIndex {
  try {
    const saved: unknown = JSON.parse(readFileSync(indexPath(dataDir), 'utf8'));
    const index = SearchIndex.load(kb, saved);
    if (index) return { index, source: 'loaded' };
  } catch {
    // Missing or unreadable: rebuild below.
  }
  const index = SearchIndex.build(kb);
  if (options.save !== false) {
    try {
      saveIndex(index, dataDir);
    } catch {
      // A read-only data folder only costs a rebuild at the next start.
    }
  }
  return { index, source: 'built' };
}

/** The index of newly served knowledge, saved in DATA_DIR so the next start loads it instead of building it. */
export function buildAndSaveIndex(kb: KnowledgeBase, dataDir: string, logger: Logger): SearchIndex {
  const index = SearchIndex.build(kb);
  try {
    saveIndex(index, dataDir);
  } catch (err) {
    logger.warn({ err }, 'search index not saved: it will be built again at the next start');
  }
  return index;
}
