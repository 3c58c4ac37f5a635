import { randomInt } from 'node:crypto';
import type { Activity } from 'botbuilder';

/** What Direct Line sends to a client: the activities after a watermark, and the new watermark. */
export interface ActivityGroup {
  activities: Partial<Activity>[];
  watermark?: string;
}

export class CapacityError extends Error {
  constructor() {
    super('too many web chat conversations in progress');
    this.name = 'CapacityError';
  }
}

/**
 * Where a conversation's numbering starts: the time it was opened on this process (ms × 1000,
 * plus a random part), so activity ids and watermarks never repeat after a restart or on another
 * instance. Repeated ids would be dropped as repeats by the shared claims for ten minutes; and a
 * watermark from before a restart is always below the new numbering, so resuming from it gets
 * every activity since.
 */
export const numberingBase = (now = Date.now()): number => now * 1000 + randomInt(1000);

/** One conversation of the built-in channel, kept in memory while it is in use. */
export class Conversation {
  /** Sequence number of `activities[0]`: older ones were trimmed. */
  private offset: number;
  private readonly base: number;
  private readonly activities: Partial<Activity>[] = [];
  private readonly listeners = new Set<(group: ActivityGroup) => void>();
  started = false;
  lastActive: number;

  constructor(
    readonly id: string,
    readonly userId: string,
    readonly locale: string | undefined,
    now: number,
    private readonly maxActivities: number,
    base = numberingBase(now),
  ) {
    this.lastActive = now;
    this.base = base;
    this.offset = base;
  }

  get watermark(): string | undefined {
    const next = this.offset + this.activities.length;
    return next === this.base ? undefined : String(next - 1);
  }

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  /** Open streams (WebSockets) on this conversation. */
  get streams(): number {
    return this.listeners.size;
  }

  /** Stores an activity under the next id (`conversation|<number>`) and pushes it to open streams. */
  append(activity: Partial<Activity>): Partial<Activity> {
    const seq = this.offset + this.activities.length;
    const stored = { ...activity, id: `${this.id}|${String(seq).padStart(7, '0')}` };
    this.activities.push(stored);
    if (this.activities.length > this.maxActivities) {
      this.activities.shift();
      this.offset += 1;
    }
    this.publish([stored]);
    return stored;
  }

  /** Replaces an activity sent earlier (a card updated in place) and pushes the new version. */
  replace(activity: Partial<Activity> & { id: string }): boolean {
    const at = this.activities.findIndex((a) => a.id === activity.id);
    if (at < 0) return false;
    this.activities[at] = { ...activity };
    this.publish([this.activities[at]]);
    return true;
  }

  /** Activities after `watermark` (all kept ones when it is absent or not a number). */
  since(watermark: string | undefined): ActivityGroup {
    const after = watermark !== undefined && /^\d+$/.test(watermark) ? Number(watermark) : -1;
    const from = Math.max(0, after + 1 - this.offset);
    return { activities: this.activities.slice(from), watermark: this.watermark ?? watermark };
  }

  subscribe(listener: (group: ActivityGroup) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(activities: Partial<Activity>[]): void {
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
  /** Called for each conversation forgotten, so its bot state can be deleted too. */
  onForget?: (conversation: Conversation) => void;
}

/**
 * The built-in channel's conversations, bounded in count and in idle time. A conversation is
 * forgotten only when it has been idle past `idleMs` with no stream open: one in progress is
 * never dropped to make room; a new one is refused instead (CapacityError).
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly now: () => number;

  constructor(private readonly options: ConversationStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.conversations.size;
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
    const created = new Conversation(
      id,
      userId,
      locale,
      this.now(),
      this.options.maxActivities ?? 1000,
      this.options.numbering?.() ?? numberingBase(this.now()),
    );
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
      this.options.onForget?.(conversation);
    }
    return forgotten;
  }
}
