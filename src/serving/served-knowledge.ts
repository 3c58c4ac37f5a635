import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { LiveKnowledge } from './live-knowledge';
import { formatProblem } from '../knowledge/problems';
import type { Language } from '../knowledge/vocabulary';
import type { KnowledgeStore, Published, PublishResult } from '../knowledge-store/knowledge-store';
import type { Logger } from '../log/logger';
import type { OfferingSearch } from '../search/search-index';

export type ReloadOutcome = { ok: true; changed: boolean; version: string; offerings: number; published?: number } | { ok: false; problems: string[] };

/** `kb reload`: load the newest published knowledge (or the files) and swap it in without downtime. */
export interface KnowledgeAdmin {
  reload(): Promise<ReloadOutcome>;
  /** The published version being served, when versions are kept. */
  published(): { number: number; publishedAt: string; publishedBy: string } | undefined;
}

/** Builds (or loads) the search index of a knowledge base; the server saves it in DATA_DIR. */
export type IndexBuilder = (kb: KnowledgeBase) => OfferingSearch;

/**
 * Keeps what the bot serves in step with the knowledge store's current published version:
 * publishing and rollback here swap it in at once; a version published elsewhere (another
 * instance, `npm run kb -- import`) is picked up by `sync`, which `kb reload` and a timer call.
 * A swap replaces knowledge base and index together (LiveKnowledge): a search in progress ends
 * on the old ones, the next starts on the new ones.
 */
export class ServedKnowledge {
  private syncing: Promise<ReloadOutcome> | undefined;

  constructor(
    readonly store: KnowledgeStore,
    private readonly live: LiveKnowledge<OfferingSearch>,
    private readonly buildIndex: IndexBuilder,
    private readonly logger: Logger,
    /** The change set the knowledge files were proposed as at start, until it is published, rejected or withdrawn. */
    public filesAwaitingReview?: string,
  ) {}

  /** `lang`, here and below: the language of the validation messages when the content has errors. */
  async publish(who: string, note?: string, lang?: Language): Promise<PublishResult> {
    return this.serve(await this.store.publish({ who, note, lang }));
  }

  async publishChangeSet(id: string, who: string, note?: string, lang?: Language): Promise<PublishResult> {
    return this.serve(await this.store.publishChangeSet(id, { who, note, lang }));
  }

  async rollback(version: number, who: string, note?: string, lang?: Language): Promise<PublishResult> {
    return this.serve(await this.store.rollback(version, { who, note, lang }));
  }

  /** Serves the store's current version if it is not the one served; one sync at a time. */
  sync(): Promise<ReloadOutcome> {
    this.syncing ??= this.doSync().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  /** Checks the store every `everyMs` (several instances share one store); returns a stop function. */
  poll(everyMs: number): () => void {
    const timer = setInterval(() => {
      this.sync().catch((err: unknown) => this.logger.error({ err }, 'knowledge sync failed'));
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  get admin(): KnowledgeAdmin {
    return { reload: () => this.sync(), published: () => this.live.current.published };
  }

  private async doSync(): Promise<ReloadOutcome> {
    try {
      if (this.filesAwaitingReview) {
        const { status } = await this.store.changeSets.get(this.filesAwaitingReview);
        if (['published', 'rejected', 'withdrawn'].includes(status)) this.filesAwaitingReview = undefined;
      }
      const head = await this.store.head();
      const served = this.live.current.published?.number;
      if (served === head.current)
        return { ok: true, changed: false, version: this.live.kb.version, offerings: this.live.kb.offerings.length, published: served };
      const published = await this.store.current();
      this.serve(published);
      return { ok: true, changed: true, version: published.kb.version, offerings: published.kb.offerings.length, published: published.version.number };
    } catch (err) {
      this.logger.error({ err }, 'knowledge reload failed');
      const problems = (err as { problems?: Parameters<typeof formatProblem>[0][] }).problems;
      return {
        ok: false,
        problems: problems ? problems.filter((p) => p.severity === 'error').map(formatProblem) : [err instanceof Error ? err.message : String(err)],
      };
    }
  }

  private serve<T extends Published>(published: T): T {
    const { version, kb } = published;
    this.live.swap({
      kb,
      index: this.buildIndex(kb),
      published: { number: version.number, publishedAt: version.publishedAt, publishedBy: version.publishedBy },
    });
    this.logger.info({ published: version.number, version: kb.version, offerings: kb.offerings.length, by: version.publishedBy }, 'knowledge version served');
    return published;
  }
}
