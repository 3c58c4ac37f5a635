import type { Config } from './config';
import type { KnowledgeBase } from './knowledge/knowledge-base';
import { formatProblem, hasErrors } from './knowledge/problems';
import { loadKnowledgeDir } from './knowledge/read-dir';
import type { Logger } from './log/logger';
import { loadOrBuildIndex } from './search/index-store';
import { SearchIndex } from './search/search-index';
import type { KnowledgeAdmin, OfferingSearch } from './bot/services';
import type { LiveKnowledge } from './knowledge/live-knowledge';

/** Thrown when the knowledge base has errors: the bot does not start on wrong data. */
export class KnowledgeError extends Error {
  constructor(readonly problems: string[]) {
    super(`The knowledge base has errors:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}

/** Loads and validates KNOWLEDGE_DIR, then loads the saved search index or builds it (shared by the server and `npm run chat`). */
export function loadKnowledge(config: Config, logger: Logger): { kb: KnowledgeBase; index: SearchIndex } {
  const { kb, problems } = loadKnowledgeDir(config.KNOWLEDGE_DIR, { staleAfterDays: config.STALE_AFTER_DAYS });
  if (!kb || hasErrors(problems)) throw new KnowledgeError(problems.filter((p) => p.severity === 'error').map(formatProblem));
  const stale = problems.filter((p) => p.severity === 'warning').length;
  const { index, source } = loadOrBuildIndex(kb, config.DATA_DIR);
  logger.info({ version: kb.version, offerings: kb.offerings.length, warnings: stale, index: source }, 'knowledge loaded');
  return { kb, index };
}

/**
 * `kb reload` from KNOWLEDGE_DIR's files: validate, build the index, swap. Anything wrong keeps
 * the version being served and lists the errors.
 */
export function fileReloader(config: Config, live: LiveKnowledge<OfferingSearch>, logger: Logger): KnowledgeAdmin {
  return {
    published: () => live.current.published,
    reload: async () => {
      const { kb, problems } = loadKnowledgeDir(config.KNOWLEDGE_DIR, { staleAfterDays: config.STALE_AFTER_DAYS });
      if (!kb || hasErrors(problems)) return { ok: false, problems: problems.filter((p) => p.severity === 'error').map(formatProblem) };
      if (kb.version === live.kb.version) return { ok: true, changed: false, version: kb.version, offerings: kb.offerings.length };
      live.swap({ kb, index: SearchIndex.build(kb) });
      logger.info({ version: kb.version, offerings: kb.offerings.length }, 'knowledge reloaded');
      return { ok: true, changed: true, version: kb.version, offerings: kb.offerings.length };
    },
  };
}
