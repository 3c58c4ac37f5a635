import { randomBytes, randomUUID } from 'node:crypto';
import type { KeyValueStore } from '../storage/key-value-store';
import { CLIENT_LABEL_MAX, Referral, REFERRAL_STATUSES, type ReferralStatus } from './referral-schema';
import { transition, type StatusEvent, type TransitionInput } from './referral-lifecycle';

const INDEX_KEY = 'referrals/index';
const itemKey = (id: string) => `referrals/item/${id}`;
const MAX_RETRIES = 20;

interface IndexEntry {
  id: string;
  caseworkerId: string;
  createdAt: string;
}

export interface NewReferral {
  offeringId: string;
  facts: Referral['facts'];
  language: Referral['language'];
  channel: string;
  caseworkerId: string;
  /** The caseworker chose a discreet letter (sensitive services). */
  discreet?: boolean;
  /** Must be true: nothing is stored without the client's explicit consent. */
  consent: boolean;
  /** The caseworker's own label for the client (file number, initials); optional. */
  clientLabel?: string;
  /** Where to tell the caseworker what the organization did (a conversation reference, as JSON). */
  notify?: Record<string, unknown>;
}

/** What changes besides the status: the organization and its link, the reminder. */
export type ReferralPatch = Partial<Pick<Referral, 'organizationId' | 'link' | 'remindedAt'>>;

export class ConsentRequiredError extends Error {
  constructor() {
    super("a referral is stored only with the client's explicit consent");
    this.name = 'ConsentRequiredError';
  }
}

/** Thrown when a caseworker touches a referral that is not theirs (or does not exist): the same answer for both. */
export class ReferralNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no referral ${id} for this caseworker`);
    this.name = 'ReferralNotFoundError';
  }
}

/**
 * Referrals in the bot's own storage: one item per referral plus an index (id, caseworker, date)
 * for listing and purging. The referral is written before the index entry, so an acknowledged
 * referral is always complete; the index is updated with eTags and retried on conflict, so two
 * instances never lose each other's entries.
 */
export class ReferralStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(input: NewReferral): Promise<Referral> {
    if (input.consent !== true) throw new ConsentRequiredError();
    const now = this.clock().toISOString();
    const referral = Referral.parse({
      id: randomUUID(),
      reference: newReference(),
      offeringId: input.offeringId,
      facts: input.facts,
      language: input.language,
      channel: input.channel,
      caseworkerId: input.caseworkerId,
      createdAt: now,
      updatedAt: now,
      status: 'created',
      events: [{ at: now, actor: { kind: 'caseworker', id: input.caseworkerId }, from: null, to: 'created' }],
      discreet: input.discreet === true,
      ...(input.clientLabel?.trim() && { clientLabel: input.clientLabel.trim().slice(0, CLIENT_LABEL_MAX) }),
      ...(input.notify && { notify: input.notify }),
    });
    await this.store.write({ [itemKey(referral.id)]: { ...referral, eTag: '*' } });
    await this.updateIndex((entries) => [...entries, { id: referral.id, caseworkerId: referral.caseworkerId, createdAt: referral.createdAt }]);
    return referral;
  }

  /** One caseworker's referrals, newest first. Never anyone else's. */
  async listFor(caseworkerId: string): Promise<Referral[]> {
    const { entries } = await this.readIndex();
    const mine = entries.filter((e) => e.caseworkerId === caseworkerId).map((e) => e.id);
    return (await this.readItems(mine)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async all(): Promise<Referral[]> {
    const { entries } = await this.readIndex();
    return (await this.readItems(entries.map((e) => e.id))).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** A change by the caseworker who made the referral (withdraw, mark sent): the state machine decides. */
  async setStatus(caseworkerId: string, id: string, status: ReferralStatus, reason?: string): Promise<Referral> {
    if (!REFERRAL_STATUSES.includes(status)) throw new RangeError(`unknown status "${String(status)}"`);
    return this.update(id, (current) => {
      if (current.caseworkerId !== caseworkerId) throw new ReferralNotFoundError(id);
      return moved(current, transition(current.status, { to: status, actor: { kind: 'caseworker', id: caseworkerId }, reason }, this.clock()));
    });
  }

  /**
   * Moves a referral by its state machine (TransitionError when not allowed), appending the event
   * to its history. Written under its eTag: of two changes at once, the second is decided again
   * on what the first left (an organization accepting while the caseworker withdraws).
   */
  async apply(id: string, input: TransitionInput): Promise<Referral> {
    return this.update(id, (current) => moved(current, transition(current.status, input, this.clock())));
  }

  /** Read, change, write under the eTag read; on a conflict, read and decide again. */
  private async update(id: string, change: (current: Referral) => Referral): Promise<Referral> {
    for (let attempt = 0; ; attempt++) {
      const item = (await this.store.read([itemKey(id)]))[itemKey(id)];
      const parsed = Referral.safeParse(item);
      if (!parsed.success) throw new ReferralNotFoundError(id);
      const updated = change(parsed.data);
      try {
        await this.store.write({ [itemKey(id)]: { ...updated, eTag: typeof item?.eTag === 'string' ? item.eTag : '*' } });
        return updated;
      } catch (e) {
        if (attempt >= MAX_RETRIES || !isConflict(e)) throw e;
      }
    }
  }

  /** The caseworker's own label for the client: only theirs, cut to its maximum; empty removes it. */
  async setLabel(caseworkerId: string, id: string, label: string): Promise<Referral> {
    const clean = label
      .replace(/[\p{Cc}\p{Cf}]/gu, '')
      .trim()
      .slice(0, CLIENT_LABEL_MAX);
    return this.update(id, (r) => {
      if (r.caseworkerId !== caseworkerId) throw new ReferralNotFoundError(id);
      const { clientLabel: _old, ...rest } = r;
      return clean ? { ...rest, clientLabel: clean } : rest;
    });
  }

  /** Sets fields other than the status (never the history); undefined values remove them. */
  async patch(id: string, fields: ReferralPatch): Promise<Referral> {
    return this.update(id, (current) => {
      const next: Referral = { ...current, ...fields };
      for (const [k, v] of Object.entries(fields)) if (v === undefined) delete (next as Record<string, unknown>)[k];
      return next;
    });
  }

  /** One referral, whoever made it (the organization's page, the admin reports); undefined when purged. */
  async get(id: string): Promise<Referral | undefined> {
    return (await this.readItems([id]))[0];
  }

  /** Deletes referrals created more than `days` days ago; returns how many. */
  async purgeOlderThan(days: number): Promise<number> {
    const cutoff = new Date(this.clock().getTime() - days * 86_400_000).toISOString();
    let purged: string[] = [];
    await this.updateIndex((entries) => {
      purged = entries.filter((e) => e.createdAt < cutoff).map((e) => e.id);
      return entries.filter((e) => e.createdAt >= cutoff);
    });
    if (purged.length > 0) await this.store.delete(purged.map(itemKey));
    return purged.length;
  }

  private async readItems(ids: string[]): Promise<Referral[]> {
    if (ids.length === 0) return [];
    const items = await this.store.read(ids.map(itemKey));
    const out: Referral[] = [];
    for (const id of ids) {
      const parsed = Referral.safeParse(items[itemKey(id)]);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }

  private async readIndex(): Promise<{ entries: IndexEntry[]; eTag?: string }> {
    const item = (await this.store.read([INDEX_KEY]))[INDEX_KEY];
    return { entries: (item?.entries as IndexEntry[] | undefined) ?? [], eTag: item?.eTag as string | undefined };
  }

  private async updateIndex(change: (entries: IndexEntry[]) => IndexEntry[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const { entries, eTag } = await this.readIndex();
      try {
        // No eTag yet: only the first writer may create the index.
        await this.store.write({ [INDEX_KEY]: { entries: change(entries), eTag: eTag ?? '' } });
        return;
      } catch (e) {
        if (attempt >= MAX_RETRIES || !isConflict(e)) throw e;
        // Someone else wrote the index in between: wait a little, at random, and try again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
      }
    }
  }
}

/** The referral after `event`: its status, the event appended, the outcome once closed. */
const moved = (current: Referral, event: StatusEvent): Referral => ({
  ...current,
  status: event.to,
  events: [...current.events, event],
  ...(event.outcome && { outcome: event.outcome }),
  updatedAt: event.at,
});

/** An eTag conflict, as botbuilder's storages report it (a message, or HTTP 412 from Blob storage). */
const isConflict = (e: unknown) => /etag/i.test(String((e as Error)?.message)) || (e as { statusCode?: number })?.statusCode === 412;

/** Crockford's base32 without look-alike letters: easy to read out on the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function newReference(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => ALPHABET[b % 32]).join('');
  return `PAS-${chars.slice(0, 4)}-${chars.slice(4, 8)}`;
}
