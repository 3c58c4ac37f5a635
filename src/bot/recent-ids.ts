/** A bounded set of recently seen keys that forgets them after `ttlMs` (insertion order = age order). */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 20_000,
  ) {}

  /** True when `key` was added less than `ttlMs` ago. */
  has(key: string, now = Date.now()): boolean {
    this.evict(now);
    return this.seen.has(key);
  }

  add(key: string, now = Date.now()): void {
    this.seen.delete(key);
    this.seen.set(key, now);
    this.evict(now);
  }

  private evict(now: number): void {
    for (const [key, at] of this.seen) {
      if (now - at < this.ttlMs && this.seen.size <= this.max) break;
      this.seen.delete(key);
    }
  }
}
