import type { Activity } from 'botbuilder';
import { MemoryTranscript, numberingBase, type ActivityGroup, type Transcript } from './transcript';

export { numberingBase, type ActivityGroup } from './transcript';

export class CapacityError extends Error {
  constructor() {
    super('too many web chat conversations in progress');
    this.name = 'CapacityError';
  }
}

/**
 * One conversation of the built-in channel as this instance sees it: its transcript (in memory
 * or shared), the streams open here, and when it was last used. Transcript calls are made one at
 * a time, in the order asked, so the activities reach the streams in order.
 */
export class Conversation {
  private readonly listeners = new Set<(group: ActivityGroup) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  lastActive: number;

  constructor(
    readonly id: string,
    readonly userId: string,
    readonly locale: string | undefined,
    now: number,
    readonly transcript: Transcript,
  ) {
    this.lastActive = now;
  }

  get watermark(): string | undefined {
    return this.transcript.watermark;
  }

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  /** Open streams (WebSockets) on this conversation, on this instance. */
  get streams(): number {
    return this.listeners.size;
  }

  /** Marks the conversation started; true only the first time, on any instance (the welcome runs once). */
  start(): Promise<boolean> {
    return this.serially(() => this.transcript.start());
  }

  /** Stores an activity under the next id (`conversation|<number>`) and pushes it to open streams. */
  async append(activity: Partial<Activity>): Promise<Partial<Activity>> {
    return (await this.appendAll([activity]))[0]!;
  }

  /** Stores activities under the next ids, in order, and pushes them to open streams. */
  appendAll(activities: Partial<Activity>[]): Promise<Partial<Activity>[]> {
    return this.serially(async () => {
      const { stored, push } = await this.transcript.append(activities);
      this.publish(push);
      return stored;
    });
  }

  /** Replaces an activity sent earlier (a card updated in place) and pushes the new version. */
  replace(activity: Partial<Activity> & { id: string }): Promise<boolean> {
    return this.serially(async () => {
      const push = await this.transcript.replace(activity);
      if (push) this.publish(push);
      return push !== undefined;
    });
  }

  /** Activities after `watermark` (all kept ones when it is absent or not a number). */
  since(watermark: string | undefined): Promise<ActivityGroup> {
    return this.serially(() => this.transcript.since(watermark));
  }

  /** Pushes to the open streams what other instances stored since the last push. */
  catchUp(): Promise<void> {
    return this.serially(async () => this.publish(await this.transcript.catchUp()));
  }

  subscribe(listener: (group: ActivityGroup) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private serially<T>(call: () => Promise<T>): Promise<T> {
    const result = this.queue.then(call);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private publish(activities: Partial<Activity>[]): void {
    if (activities.length === 0) return;
    const group = { activities, watermark: this.watermark };
    for (const listener of this.listeners) listener(group);
  }
}

export interface ConversationStoreOptions {
  maxConversations: number;
  idleMs: number;
  /** Past this many activities, the oldest of a conversation are dropped (they were delivered long before). */
  maxActivities?: number;
  now?: () => number;
  /** Where a new conversation's numbering starts (tests); by default `numberingBase()`. */
  numbering?: () => number;
  /**
   * Transcripts kept elsewhere (the shared storage): this store is then only a cache of the
   * conversations in use here, forgotten after `idleMs` without calling `onForget` (the shared
   * purge deletes idle conversations), and polled every `pollMs` for other instances' activities.
   */
  shared?: { transcript: (id: string, userId: string, locale: string | undefined) => Transcript; pollMs: number };
  /** Called for each conversation forgotten (in memory only), so its bot state can be deleted too. */
  onForget?: (conversation: Conversation) => void;
  /** A poll that failed (the storage is down): the streams get the activities at the next one that works. */
  onPollError?: (err: unknown) => void;
}

/**
 * The built-in channel's conversations, bounded in count and in idle time. A conversation is
 * forgotten only when it has been idle past `idleMs` with no stream open: one in progress is
 * never dropped to make room; a new one is refused instead (CapacityError).
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly now: () => number;
  private readonly poller?: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly options: ConversationStoreOptions) {
    this.now = options.now ?? Date.now;
    if (options.shared) {
      this.poller = setInterval(() => void this.poll(), options.shared.pollMs);
      this.poller.unref();
    }
  }

  get size(): number {
    return this.conversations.size;
  }

  /** True when transcripts are in the shared storage (any instance can serve any conversation). */
  get shared(): boolean {
    return this.options.shared !== undefined;
  }

  get(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  /** The conversation a valid token names, created when new (or after a restart of this server). */
  open(id: string, userId: string, locale: string | undefined): Conversation {
    const known = this.conversations.get(id);
    if (known) {
      known.lastActive = this.now();
      return known;
    }
    if (this.conversations.size >= this.options.maxConversations) {
      this.sweep();
      if (this.conversations.size >= this.options.maxConversations) throw new CapacityError();
    }
    const transcript =
      this.options.shared?.transcript(id, userId, locale) ??
      new MemoryTranscript(id, this.options.numbering?.() ?? numberingBase(this.now()), this.options.maxActivities ?? 1000);
    const created = new Conversation(id, userId, locale, this.now(), transcript);
    this.conversations.set(id, created);
    return created;
  }

  /** Marks a conversation active now, on the store's clock (a stream closing, for instance). */
  touch(conversation: Conversation): void {
    conversation.lastActive = this.now();
  }

  /** Forgets conversations idle past the limit with no open stream; returns how many. */
  sweep(): number {
    const before = this.now() - this.options.idleMs;
    let forgotten = 0;
    for (const conversation of this.conversations.values()) {
      if (conversation.lastActive > before || conversation.listening) continue;
      this.conversations.delete(conversation.id);
      forgotten += 1;
      if (!this.options.shared) this.options.onForget?.(conversation);
    }
    return forgotten;
  }

  /** Asks the shared storage for what other instances stored in the conversations streamed here. */
  async poll(): Promise<void> {
    if (this.polling) return; // the previous look is still waiting on the storage
    this.polling = true;
    try {
      const streamed = [...this.conversations.values()].filter((c) => c.listening);
      const results = await Promise.allSettled(streamed.map((c) => c.catchUp()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) this.options.onPollError?.(failed.reason);
    } finally {
      this.polling = false;
    }
  }

  close(): void {
    if (this.poller) clearInterval(this.poller);
  }
}
