import type { Config } from '../config';
import { formatProblem, hasErrors } from '../knowledge/problems';
import { loadKnowledgeDir } from '../knowledge/read-dir';
import type { Logger } from '../log/logger';
import { SearchIndex, type OfferingSearch } from '../search/search-index';
import type { LiveKnowledge } from './live-knowledge';
import type { KnowledgeAdmin } from './served-knowledge';

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
