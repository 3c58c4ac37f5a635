import type { KnowledgeBase } from '../knowledge/knowledge-base';

/** What the bot serves at one moment: a knowledge base and the index built from it, always together. */
export interface KnowledgeSnapshot<Index> {
  kb: KnowledgeBase;
  index: Index;
  /** The published version it comes from, when the knowledge store keeps versions. */
  published?: { number: number; publishedAt: string; publishedBy: string };
}

/**
 * The knowledge being served, swappable without downtime: a swap is one reference assignment, so
 * a search in progress finishes on the snapshot it started with and the next one sees the new one;
 * knowledge base and index never mix versions.
 */
export class LiveKnowledge<Index> {
  private snapshot: KnowledgeSnapshot<Index>;
  private readonly listeners: ((s: KnowledgeSnapshot<Index>) => void)[] = [];

  constructor(initial: KnowledgeSnapshot<Index>) {
    this.snapshot = initial;
  }

  get current(): KnowledgeSnapshot<Index> {
    return this.snapshot;
  }

  get kb(): KnowledgeBase {
    return this.snapshot.kb;
  }

  get index(): Index {
    return this.snapshot.index;
  }

  swap(next: KnowledgeSnapshot<Index>): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener(next);
  }

  onSwap(listener: (s: KnowledgeSnapshot<Index>) => void): void {
    this.listeners.push(listener);
  }
}
