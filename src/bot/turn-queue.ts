/** Thrown when a conversation already has too many turns waiting (a client flooding one conversation). */
export class QueueFullError extends Error {
  constructor() {
    super('too many turns waiting in this conversation');
    this.name = 'QueueFullError';
  }
}

/**
 * Runs the turns of one conversation one at a time, in arrival order; different conversations
 * run concurrently. botbuilder's state is last-writer-wins (BotState saves with eTag `*`), so two
 * overlapping turns of a conversation would lose one turn's changes.
 */
export class TurnQueue {
  private readonly tails = new Map<string, { tail: Promise<void>; waiting: number }>();

  constructor(private readonly maxWaiting = 20) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const entry = this.tails.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
    if (entry.waiting >= this.maxWaiting) return Promise.reject(new QueueFullError());
    entry.waiting++;
    const result = entry.tail.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    entry.tail = tail;
    this.tails.set(key, entry);
    void tail.then(() => {
      entry.waiting--;
      if (entry.waiting === 0 && this.tails.get(key) === entry) this.tails.delete(key);
    });
    return result;
  }

  /** True when a new turn for `key` would be refused with QueueFullError. */
  isFull(key: string): boolean {
    return (this.tails.get(key)?.waiting ?? 0) >= this.maxWaiting;
  }

  /** Conversations with a turn running or waiting. */
  get busy(): number {
    return this.tails.size;
  }

  /** Resolves when every turn queued so far has finished (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()].map((e) => e.tail));
  }
}
