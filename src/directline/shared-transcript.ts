import type { Activity } from 'botbuilder';
import type { KeyValueStore } from '../storage/key-value-store';
import { activityId, activitySeq, watermarkNumber, type ActivityGroup, type Transcript } from './transcript';

/** Where the built-in channel's transcripts live in the shared storage. */
export const TRANSCRIPT_PREFIX = 'directline/transcripts/';
const headKey = (conversationId: string) => `${TRANSCRIPT_PREFIX}${conversationId}`;
const itemKey = (conversationId: string, seq: number) => `${TRANSCRIPT_PREFIX}${conversationId}/${seq}`;

/** A conversation's head: who it is for and the next number. Small, read once per poll. */
interface Head {
  userId: string;
  locale?: string;
  base: number;
  next: number;
  started: boolean;
  eTag?: string;
}

const isConflict = (e: unknown): boolean => /etag/i.test(String((e as Error)?.message)) || (e as { statusCode?: number })?.statusCode === 412;
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** Head updates racing on several instances: tried again this many times. */
const MAX_TRIES = 6;
/**
 * A number taken in the head whose activity is not stored yet is being written by another
 * instance; after this long it never will be (that instance stopped in between) and is skipped.
 */
const GAP_PATIENCE_MS = 10_000;
/** Activities older than the kept window are deleted in batches of this many. */
const TRIM_EVERY = 50;

export interface SharedTranscriptOptions {
  conversationId: string;
  userId: string;
  locale: string | undefined;
  /** Activities kept for reconnecting clients (older ones are deleted). */
  maxActivities: number;
  /** Where the numbering of a conversation new to the storage starts. */
  numbering: () => number;
  now?: () => number;
}

/**
 * A built-in channel transcript kept in the shared storage (STORAGE=blob, several instances), so
 * any instance can take any request of any conversation: a message posted to one instance is
 * answered there and reaches the person's stream on another (which polls the head), and a
 * restart or a failover loses nothing. One head item per conversation (`next`, taken with its
 * eTag: numbers are never given twice) and one item per activity.
 */
export class SharedTranscript implements Transcript {
  private base?: number;
  /** The next number not yet pushed to this instance's streams. */
  private known?: number;
  /** Numbers taken but not stored yet, with when they were first seen missing. */
  private readonly missing = new Map<number, number>();
  private sawEmpty = false;
  private readonly now: () => number;

  constructor(
    private readonly storage: KeyValueStore,
    private readonly options: SharedTranscriptOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get watermark(): string | undefined {
    return this.known !== undefined && this.base !== undefined && this.known > this.base ? String(this.known - 1) : undefined;
  }

  async start(): Promise<boolean> {
    let first = false;
    await this.update((head) => {
      first = !head.started;
      return first ? { ...head, started: true } : undefined;
    });
    return first;
  }

  append(activities: Partial<Activity>[]): Promise<{ stored: Partial<Activity>[]; push: Partial<Activity>[] }> {
    return this.store(activities.map((activity) => ({ activity })));
  }

  async replace(activity: Partial<Activity> & { id: string }): Promise<Partial<Activity>[] | undefined> {
    const seq = activitySeq(this.options.conversationId, activity.id);
    if (seq === undefined) return undefined;
    const key = itemKey(this.options.conversationId, seq);
    if (!(await this.storage.read([key]))[key]) return undefined;
    // In place for clients that reconnect, and once more at the end for the other instances' streams.
    await this.storage.write({ [key]: { activity, eTag: '*' } });
    return (await this.store([{ activity, keepId: true }])).push;
  }

  async since(watermark: string | undefined): Promise<ActivityGroup> {
    const head = await this.head();
    if (!head) return { activities: [], watermark };
    const from = Math.max(watermarkNumber(watermark) + 1, head.base, head.next - this.options.maxActivities);
    const { activities, through } = await this.fetch(range(from, head.next));
    return { activities, watermark: through >= head.base ? String(through) : watermark };
  }

  async catchUp(): Promise<Partial<Activity>[]> {
    const head = await this.head();
    if (!head || (head.next <= this.known! && this.missing.size === 0)) return [];
    return this.pushFrom(head.next);
  }

  /** Takes the next numbers in the head, stores the activities under them, and says what to push. */
  private async store(entries: { activity: Partial<Activity>; keepId?: boolean }[]): Promise<{ stored: Partial<Activity>[]; push: Partial<Activity>[] }> {
    if (entries.length === 0) return { stored: [], push: [] };
    const taken = await this.update((head) => ({ ...head, started: true, next: head.next + entries.length }));
    const from = taken!.before.next;
    const { conversationId } = this.options;
    const stored = entries.map(({ activity, keepId }, i) => (keepId ? { ...activity } : { ...activity, id: activityId(conversationId, from + i) }));
    await this.storage.write(Object.fromEntries(stored.map((activity, i) => [itemKey(conversationId, from + i), { activity, eTag: '*' }])));
    // What others stored before these numbers goes first, in order.
    const push = [...(await this.pushFrom(from)), ...stored];
    this.known = Math.max(this.known!, from + entries.length);
    this.trim(from, from + entries.length);
    return { stored, push };
  }

  /** Activities from the last pushed number up to `to` (excluded), and the missing ones seen before. */
  private async pushFrom(to: number): Promise<Partial<Activity>[]> {
    const start = Math.max(this.known!, to - this.options.maxActivities);
    const seqs = [...new Set([...this.missing.keys(), ...range(start, to)])].sort((a, b) => a - b);
    const { activities } = await this.fetch(seqs);
    this.known = Math.max(this.known!, to);
    return activities;
  }

  /**
   * Reads the activities numbered `seqs`. `through` is the last number before the first one
   * still being written, so a watermark never passes it. Missing numbers are remembered and
   * fetched again at the next look, until GAP_PATIENCE_MS has passed.
   */
  private async fetch(seqs: number[]): Promise<{ activities: Partial<Activity>[]; through: number }> {
    const { conversationId } = this.options;
    const items = seqs.length > 0 ? await this.storage.read(seqs.map((seq) => itemKey(conversationId, seq))) : {};
    const activities: Partial<Activity>[] = [];
    let through = (seqs[0] ?? 0) - 1;
    let gap = false;
    for (const seq of seqs) {
      const item = items[itemKey(conversationId, seq)] as { activity?: Partial<Activity> } | undefined;
      const since = this.missing.get(seq) ?? this.now();
      if (item?.activity || this.now() - since > GAP_PATIENCE_MS) {
        this.missing.delete(seq);
        if (item?.activity) activities.push(item.activity);
        if (!gap) through = seq;
      } else {
        this.missing.set(seq, since);
        gap = true;
      }
    }
    return { activities, through };
  }

  private async head(): Promise<Head | undefined> {
    const key = headKey(this.options.conversationId);
    const head = (await this.storage.read([key]))[key] as Head | undefined;
    if (head) {
      this.base ??= head.base;
      // Seen empty before (a stream opened first): everything stored since is new to it.
      this.known ??= this.sawEmpty ? head.base : head.next;
    } else this.sawEmpty = true;
    return head;
  }

  /** Writes a change to the head, conditional on the eTag it was read with; tried again on a conflict. */
  private async update(change: (head: Head) => Head | undefined): Promise<{ before: Head; after: Head } | undefined> {
    const { conversationId, userId, locale } = this.options;
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const read = await this.head();
      const base = read?.base ?? this.options.numbering();
      const before: Head = read ?? { userId, locale, base, next: base, started: false };
      const after = change({ ...before });
      if (!after) return undefined;
      try {
        // '' = create only: two instances starting the same conversation cannot both create it.
        await this.storage.write({ [headKey(conversationId)]: { ...after, eTag: read?.eTag ?? '' } });
        this.base ??= before.base;
        this.known ??= this.sawEmpty ? before.base : before.next;
        return { before, after };
      } catch (err) {
        if (!isConflict(err)) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (tries + 1)));
      }
    }
    throw new Error('web chat transcript: too many instances writing the same conversation at once');
  }

  /** Deletes, in the background, the activities that fell out of the kept window with this append. */
  private trim(from: number, to: number): void {
    const keep = this.options.maxActivities;
    if (Math.floor((to - keep) / TRIM_EVERY) === Math.floor((from - keep) / TRIM_EVERY) || to - keep <= this.base!) return;
    const end = to - keep;
    const keys = range(Math.max(this.base!, end - TRIM_EVERY * 2), end).map((seq) => itemKey(this.options.conversationId, seq));
    this.storage.delete(keys).catch(() => undefined); // best effort: the idle purge takes what is left
  }
}

/** A storage that lists keys by age (Blob, SQLite). */
export interface AgedKeys {
  keysOlderThan(prefix: string, before: Date): Promise<string[]>;
}

/**
 * Deletes the transcripts of conversations idle since `before` (no activity stored since), with
 * their bot state: nothing about the person stays. Returns how many conversations.
 */
export async function purgeIdleTranscripts(storage: KeyValueStore & AgedKeys, before: Date, channelId: string): Promise<number> {
  const keys = await storage.keysOlderThan(TRANSCRIPT_PREFIX, before);
  const byConversation = new Map<string, string[]>();
  for (const key of keys) {
    const id = key.slice(TRANSCRIPT_PREFIX.length).split('/')[0]!;
    byConversation.set(id, [...(byConversation.get(id) ?? []), key]);
  }
  let purged = 0;
  for (const [id, items] of byConversation) {
    const key = headKey(id);
    const head = (await storage.read([key]))[key] as Head | undefined;
    // A head written since the listing is a conversation in use again; its old activities go with the trim.
    if (head && !items.includes(key)) continue;
    const state = head ? [`${channelId}/conversations/${id}/`, `${channelId}/users/${head.userId}/`] : [];
    await storage.delete([...items.filter((k) => k !== key), ...state, ...(head ? [key] : [])]);
    if (head) purged += 1;
  }
  return purged;
}
