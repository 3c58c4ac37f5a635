import { randomInt } from 'node:crypto';
import type { Activity } from 'botbuilder';

/** What Direct Line sends to a client: the activities after a watermark, and the new watermark. */
export interface ActivityGroup {
  activities: Partial<Activity>[];
  watermark?: string;
}

/**
 * Where a conversation's numbering starts: the time it was opened (ms × 1000, plus a random
 * part), so activity ids and watermarks never repeat after a restart or on another instance.
 * Repeated ids would be dropped as repeats by the shared claims for ten minutes; and a watermark
 * from before a restart is always below the new numbering, so resuming from it gets every
 * activity since.
 */
export const numberingBase = (now = Date.now()): number => now * 1000 + randomInt(1000);

/** The id of the activity numbered `seq` in a conversation (`conversation|number`). */
export const activityId = (conversationId: string, seq: number) => `${conversationId}|${String(seq).padStart(7, '0')}`;

/** The number in an activity id of this conversation, or undefined. */
export function activitySeq(conversationId: string, id: string): number | undefined {
  const prefix = `${conversationId}|`;
  if (!id.startsWith(prefix)) return undefined;
  const rest = id.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

/** A watermark a client sent, as a number (-1 when absent or not a number). */
export const watermarkNumber = (watermark: string | undefined): number => (watermark !== undefined && /^\d+$/.test(watermark) ? Number(watermark) : -1);

/**
 * Where a conversation's activities are kept: in this process's memory (one instance), or in the
 * shared storage (several instances: SharedTranscript). Calls of one conversation are made one
 * at a time by its Conversation.
 */
export interface Transcript {
  /** The watermark of the last activity this instance has pushed to its streams. */
  readonly watermark: string | undefined;
  /** Marks the conversation started; true only for the call that did (the welcome runs once). */
  start(): Promise<boolean>;
  /**
   * Stores activities under the next numbers. Returns them with their ids, and what to push to
   * this instance's streams, in order: activities other instances stored since the last push,
   * then these.
   */
  append(activities: Partial<Activity>[]): Promise<{ stored: Partial<Activity>[]; push: Partial<Activity>[] }>;
  /** Replaces an activity sent earlier (a card updated in place); returns what to push, or undefined when unknown. */
  replace(activity: Partial<Activity> & { id: string }): Promise<Partial<Activity>[] | undefined>;
  /** Activities after `watermark` (all kept ones when it is absent or not a number). */
  since(watermark: string | undefined): Promise<ActivityGroup>;
  /** Activities other instances stored since the last push (none in memory). */
  catchUp(): Promise<Partial<Activity>[]>;
}

/** One instance's transcript: the last `maxActivities` activities, in memory. */
export class MemoryTranscript implements Transcript {
  /** Sequence number of `activities[0]`: older ones were trimmed. */
  private offset: number;
  private readonly activities: Partial<Activity>[] = [];
  private started = false;

  constructor(
    private readonly conversationId: string,
    private readonly base: number,
    private readonly maxActivities: number,
  ) {
    this.offset = base;
  }

  get watermark(): string | undefined {
    const next = this.offset + this.activities.length;
    return next === this.base ? undefined : String(next - 1);
  }

  async start(): Promise<boolean> {
    const first = !this.started;
    this.started = true;
    return first;
  }

  async append(activities: Partial<Activity>[]): Promise<{ stored: Partial<Activity>[]; push: Partial<Activity>[] }> {
    this.started = true;
    const stored = activities.map((activity) => {
      const kept = { ...activity, id: activityId(this.conversationId, this.offset + this.activities.length) };
      this.activities.push(kept);
      if (this.activities.length > this.maxActivities) {
        this.activities.shift();
        this.offset += 1;
      }
      return kept;
    });
    return { stored, push: stored };
  }

  async replace(activity: Partial<Activity> & { id: string }): Promise<Partial<Activity>[] | undefined> {
    const at = this.activities.findIndex((a) => a.id === activity.id);
    if (at < 0) return undefined;
    this.activities[at] = { ...activity };
    return [this.activities[at]];
  }

  async since(watermark: string | undefined): Promise<ActivityGroup> {
    const from = Math.max(0, watermarkNumber(watermark) + 1 - this.offset);
    return { activities: this.activities.slice(from), watermark: this.watermark ?? watermark };
  }

  async catchUp(): Promise<Partial<Activity>[]> {
    return [];
  }
}
