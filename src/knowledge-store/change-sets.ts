import { randomBytes } from 'node:crypto';
import { contentHash } from '../knowledge/knowledge-base';
import type { Language } from '../knowledge/vocabulary';
import type { KeyValueStore } from '../storage/key-value-store';
import { diffFields, type FieldChange } from './audit';
import type { AuditLog } from './audit-log';
import { readDoc, updateWithRetry } from './cas';
import {
  CHANGE_SETS_KEY,
  changeSetKey,
  type ChangeSetAction,
  type ChangeSetDoc,
  type ChangeSetIndex,
  type ChangeSetMeta,
  type ChangeSetStatus,
  type KnowledgeContent,
  type OfferingEdit,
} from './documents';
import { ChangeSetConflictError, ChangeSetNotFoundError, ChangeSetStateError, InvalidOfferingError, NotFoundError } from './errors';
import { checkIfMatch, offeringEtag } from './etag';
import { checkOffering } from './offering-check';

/** What change sets need of the knowledge store: the live content, and publishing a new one. */
export interface ChangeSetHost {
  liveContent(): Promise<{ number: number; content: KnowledgeContent }>;
}

/** How a change set's offering compares with what is live, for its diff. */
export interface OfferingDiff {
  offeringId: string;
  op: 'create' | 'change' | 'delete' | 'retire';
  changes: FieldChange[];
  /** Set when the live offering changed since this edit began: publishing is refused until resolved. */
  conflict?: string;
}

const EDITABLE: ChangeSetStatus[] = ['open', 'rejected', 'submitted', 'approved'];
const CLOSED: ChangeSetStatus[] = ['published', 'withdrawn'];
const DOCUMENTS = ['facts', 'glossary', 'safety'] as const;

const newId = () => `cs-${randomBytes(5).toString('hex')}`;
const metaOf = ({ baseVersion: _b, edits: _e, documents: _d, events: _v, ...meta }: ChangeSetDoc): ChangeSetMeta => meta;
const own = <T>(record: Record<string, T>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/**
 * Change sets instead of one shared draft: each editor's edits live in their own named set,
 * which is submitted, reviewed by another admin (when review is required) and published as a
 * whole. Publishing one never ships another's edits. Each edit remembers the live offering it
 * started from, so a set whose offerings changed live meanwhile is refused with the conflicts
 * instead of overwriting them.
 */
export class ChangeSets {
  constructor(
    private readonly store: KeyValueStore,
    private readonly host: ChangeSetHost,
    private readonly log: AuditLog,
    private readonly options: { reviewRequired: boolean; now: () => Date },
  ) {}

  get reviewRequired(): boolean {
    return this.options.reviewRequired;
  }

  async create({ who, name }: { who: string; name: string }): Promise<ChangeSetDoc> {
    const { number } = await this.host.liveContent();
    const at = this.options.now().toISOString();
    const doc: ChangeSetDoc = {
      id: newId(),
      name: name.trim().slice(0, 120) || `Changes by ${who}`,
      owner: who,
      status: 'open',
      createdAt: at,
      updatedAt: at,
      offerings: [],
      baseVersion: number,
      edits: {},
      events: [{ at, who, action: 'create' }],
    };
    await this.store.write({ [changeSetKey(doc.id)]: { ...doc, eTag: '' } });
    await this.index((list) => [...list, metaOf(doc)]);
    return doc;
  }

  async list(filter: { status?: ChangeSetStatus[]; owner?: string } = {}): Promise<ChangeSetMeta[]> {
    const index = await readDoc<ChangeSetIndex>(this.store, CHANGE_SETS_KEY);
    return (index?.list ?? []).filter((m) => (!filter.status || filter.status.includes(m.status)) && (!filter.owner || m.owner === filter.owner)).reverse();
  }

  async get(id: string): Promise<ChangeSetDoc> {
    const doc = /^cs-[0-9a-f]{10}$/.test(id) ? await readDoc<ChangeSetDoc>(this.store, changeSetKey(id)) : undefined;
    if (!doc) throw new ChangeSetNotFoundError(id);
    return doc;
  }

  /** The admin's own set in progress (the oldest one not closed), made when they have none: where the plain offering API edits. */
  async personal(who: string): Promise<ChangeSetDoc> {
    const mine = (await this.list({ owner: who, status: EDITABLE })).at(-1);
    if (mine) return this.get(mine.id);
    const created = await this.create({ who, name: `Changes by ${who}` });
    // Two first edits at once (two tabs) may both create one: the oldest is kept, the other withdrawn empty.
    const oldest = (await this.list({ owner: who, status: EDITABLE })).at(-1)!;
    if (oldest.id === created.id) return created;
    await this.withdraw(created.id, who);
    return this.get(oldest.id);
  }

  /** The offering as the set has it: its edit, else the live one; `undefined` data when absent or deleted here. */
  async offering(id: string, offeringId: string): Promise<{ data: unknown; etag?: string; state: 'live' | 'edited' | 'deleted' | 'absent' }> {
    const doc = await this.get(id);
    const edit = own(doc.edits, offeringId);
    if (edit?.op === 'put') return { data: edit.data, etag: offeringEtag(edit.data), state: 'edited' };
    if (edit?.op === 'delete') return { data: undefined, state: 'deleted' };
    const live = own((await this.host.liveContent()).content.offerings, offeringId);
    return live === undefined ? { data: undefined, state: 'absent' } : { data: live, etag: offeringEtag(live), state: 'live' };
  }

  /**
   * Creates or changes an offering in the set: checked first (InvalidOfferingError), then the
   * If-Match rules against the offering as the set has it. Editing a submitted or approved set
   * opens it again: its approval was for other content. `lang`: the language of the errors.
   */
  async put(
    id: string,
    offeringId: string,
    data: unknown,
    { who, ifMatch, lang }: { who: string; ifMatch?: string; lang?: Language },
  ): Promise<{ etag: string; created: boolean }> {
    const checked = checkOffering(offeringId, data, lang);
    if (checked.errors.length > 0) throw new InvalidOfferingError(offeringId, checked.errors);
    const next = checked.data;
    const live = own((await this.host.liveContent()).content.offerings, offeringId);
    let created = false;
    let before: unknown;
    await this.update(id, who, (doc) => {
      const edit = own(doc.edits, offeringId);
      const current = edit ? (edit.op === 'put' ? edit.data : undefined) : live;
      checkIfMatch(offeringId, current, ifMatch);
      if (current !== undefined && offeringEtag(current) === offeringEtag(next)) return undefined;
      created = current === undefined;
      before = current ?? {};
      const base = edit ? edit.base : live === undefined ? undefined : offeringEtag(live);
      // Back to what is live: no edit left for this offering.
      if (live !== undefined && offeringEtag(live) === offeringEtag(next) && base === offeringEtag(live)) return withEdit(doc, offeringId, undefined);
      return withEdit(doc, offeringId, { op: 'put', data: next, ...(base !== undefined && { base }) });
    });
    if (before !== undefined) await this.log.append({ who, action: 'put', offeringId, changeSet: id, changes: diffFields(before, next) });
    return { etag: offeringEtag(next), created };
  }

  /** Marks an offering deleted in the set (If-Match as for a change). */
  async remove(id: string, offeringId: string, { who, ifMatch }: { who: string; ifMatch?: string }): Promise<void> {
    const live = own((await this.host.liveContent()).content.offerings, offeringId);
    let removed: unknown;
    await this.update(id, who, (doc) => {
      const edit = own(doc.edits, offeringId);
      const current = edit ? (edit.op === 'put' ? edit.data : undefined) : live;
      if (current === undefined) throw new NotFoundError('offering', offeringId);
      checkIfMatch(offeringId, current, ifMatch);
      removed = current;
      // Created in this set only: deleting it just drops the edit.
      if (live === undefined) return withEdit(doc, offeringId, undefined);
      return withEdit(doc, offeringId, { op: 'delete', base: edit?.base ?? offeringEtag(live) });
    });
    await this.log.append({ who, action: 'delete', offeringId, changeSet: id, changes: diffFields(removed, {}) });
  }

  /** Drops the set's edit of one offering: it is live again as it is. */
  async revert(id: string, offeringId: string, who: string): Promise<void> {
    await this.update(id, who, (doc) => (own(doc.edits, offeringId) ? withEdit(doc, offeringId, undefined) : undefined));
  }

  async submit(id: string, who: string, comment?: string): Promise<ChangeSetDoc> {
    return this.transition(id, who, 'submit', comment, (doc) => {
      if (doc.owner !== who) throw new ChangeSetStateError('NotOwner', `change set ${id} is ${doc.owner}'s: only they submit it`);
      if (!['open', 'rejected'].includes(doc.status)) throw new ChangeSetStateError('NotEditable', `change set ${id} is ${doc.status}`);
      if (isEmpty(doc)) throw new ChangeSetStateError('Empty', `change set ${id} changes nothing`);
      return 'submitted';
    });
  }

  /** Approves or rejects a submitted set; with review required, never its owner's own. */
  async review(id: string, who: string, decision: 'approve' | 'reject', comment?: string): Promise<ChangeSetDoc> {
    const reviewed = await this.transition(id, who, decision, comment, (doc) => {
      if (doc.status !== 'submitted') throw new ChangeSetStateError('NotSubmitted', `change set ${id} is ${doc.status}, not submitted for review`);
      if (this.options.reviewRequired && doc.owner === who)
        throw new ChangeSetStateError('OwnReview', `${who} made change set ${id}: another admin reviews it`);
      return decision === 'approve' ? 'approved' : 'rejected';
    });
    await this.log.append({ who, action: decision, changeSet: id, ...(comment && { note: comment }) });
    return reviewed;
  }

  async withdraw(id: string, who: string): Promise<ChangeSetDoc> {
    return this.transition(id, who, 'withdraw', undefined, (doc) => {
      if (doc.owner !== who) throw new ChangeSetStateError('NotOwner', `change set ${id} is ${doc.owner}'s: only they withdraw it`);
      if (CLOSED.includes(doc.status)) throw new ChangeSetStateError('Closed', `change set ${id} is ${doc.status}`);
      return 'withdrawn';
    });
  }

  /** Field by field against what is live, with the conflicts that would refuse a publish. */
  async diff(id: string): Promise<OfferingDiff[]> {
    const doc = await this.get(id);
    const { content } = await this.host.liveContent();
    return Object.keys(doc.edits)
      .sort()
      .map((offeringId) => {
        const edit = doc.edits[offeringId]!;
        const live = own(content.offerings, offeringId);
        const after = edit.op === 'put' ? edit.data : {};
        const retiring =
          edit.op === 'put' && (edit.data as { retired?: unknown }).retired !== undefined && (live as { retired?: unknown } | undefined)?.retired === undefined;
        const op = edit.op === 'delete' ? 'delete' : live === undefined ? 'create' : retiring ? 'retire' : 'change';
        const conflict = conflictOf(edit, live);
        return { offeringId, op, changes: diffFields(live ?? {}, after), ...(conflict && { conflict }) };
      });
  }

  /**
   * The content publishing the set would serve: the live content with the set's edits, refused
   * with every conflict (ChangeSetConflictError) when the set may not be published as it is.
   */
  async contentToPublish(id: string): Promise<{ doc: ChangeSetDoc; content: KnowledgeContent; base: number }> {
    const doc = await this.get(id);
    if (CLOSED.includes(doc.status)) throw new ChangeSetStateError('Closed', `change set ${id} is ${doc.status}`);
    if (this.options.reviewRequired && doc.status !== 'approved') {
      throw new ChangeSetStateError(
        'ReviewRequired',
        `change set ${id} is ${doc.status}: it needs another admin's approval before it is published (REVIEW_REQUIRED)`,
      );
    }
    if (isEmpty(doc)) throw new ChangeSetStateError('Empty', `change set ${id} changes nothing`);
    const { number: base, content } = await this.host.liveContent();
    const conflicts = Object.entries(doc.edits).flatMap(([offeringId, edit]) => {
      const reason = conflictOf(edit, own(content.offerings, offeringId));
      return reason ? [{ offeringId, reason }] : [];
    });
    for (const name of DOCUMENTS) {
      const change = doc.documents?.[name];
      if (change && contentHash(content[name] ?? null) !== change.base)
        conflicts.push({ offeringId: `${name}.yaml`, reason: 'changed live since this change set began' });
    }
    if (conflicts.length > 0) throw new ChangeSetConflictError(conflicts);
    return { doc, content: applied(doc, content), base };
  }

  /** The content publishing the set would serve, whatever its status, for validation. */
  async contentToValidate(id: string): Promise<KnowledgeContent> {
    const doc = await this.get(id);
    const { content } = await this.host.liveContent();
    return applied(doc, content);
  }

  /** Records that the set was published as version `version`. */
  async published(id: string, who: string, version: number, note?: string): Promise<void> {
    await this.transition(id, who, 'publish', note, () => 'published', version);
  }

  /** Open sets that change any of these offerings (a rollback warns about them). */
  async touching(offeringIds: string[]): Promise<ChangeSetMeta[]> {
    const ids = new Set(offeringIds);
    return (await this.list({ status: EDITABLE })).filter((m) => m.offerings.some((o) => ids.has(o)));
  }

  /** A change set made from whole content (files): every offering that differs from `from`, based on `from`'s. */
  async propose(
    who: string,
    name: string,
    from: KnowledgeContent,
    to: KnowledgeContent,
    status: 'open' | 'submitted' = 'submitted',
  ): Promise<ChangeSetDoc | undefined> {
    const edits: Record<string, OfferingEdit> = {};
    for (const offeringId of new Set([...Object.keys(from.offerings), ...Object.keys(to.offerings)])) {
      const before = own(from.offerings, offeringId);
      const after = own(to.offerings, offeringId);
      if (before !== undefined && after !== undefined && offeringEtag(before) === offeringEtag(after)) continue;
      if (after === undefined) edits[offeringId] = { op: 'delete', base: offeringEtag(before) };
      else edits[offeringId] = { op: 'put', data: after, ...(before !== undefined && { base: offeringEtag(before) }) };
    }
    const documents: ChangeSetDoc['documents'] = {};
    for (const docName of DOCUMENTS) {
      if (contentHash(from[docName] ?? null) !== contentHash(to[docName] ?? null))
        documents[docName] = { data: to[docName], base: contentHash(from[docName] ?? null) };
    }
    if (Object.keys(edits).length === 0 && Object.keys(documents).length === 0) return undefined;
    const created = await this.create({ who, name });
    const at = this.options.now().toISOString();
    const doc: ChangeSetDoc = {
      ...created,
      edits,
      ...(Object.keys(documents).length > 0 && { documents }),
      offerings: Object.keys(edits).sort(),
      status,
      events: [...created.events, ...(status === 'submitted' ? [{ at, who, action: 'submit' as const }] : [])],
    };
    await this.store.write({ [changeSetKey(doc.id)]: { ...doc, eTag: '*' } });
    await this.index((list) => list.map((m) => (m.id === doc.id ? metaOf(doc) : m)));
    return doc;
  }

  /** An owner's edit: refused on a set that is not theirs or is closed; a submitted or approved set is opened again. */
  private async update(id: string, who: string, change: (doc: ChangeSetDoc) => ChangeSetDoc | undefined): Promise<void> {
    await this.get(id);
    const written = await updateWithRetry<ChangeSetDoc, ChangeSetDoc | undefined>(this.store, changeSetKey(id), (doc) => {
      if (!doc) throw new ChangeSetNotFoundError(id);
      if (doc.owner !== who) throw new ChangeSetStateError('NotOwner', `change set ${id} is ${doc.owner}'s: make your own to change offerings`);
      if (!EDITABLE.includes(doc.status)) throw new ChangeSetStateError('NotEditable', `change set ${id} is ${doc.status}: it cannot change any more`);
      const next = change(doc);
      if (!next) return { result: undefined };
      const at = this.options.now().toISOString();
      const reopened = next.status === 'open' || next.status === 'rejected' ? next.status : 'open';
      const { approvedBy: _approval, ...rest } = next;
      return { write: { ...rest, status: reopened, updatedAt: at, offerings: Object.keys(next.edits).sort() }, result: { ...rest, status: reopened } };
    });
    if (written)
      await this.index((list) =>
        list.map((m) =>
          m.id === id ? { ...metaOf({ ...written, offerings: Object.keys(written.edits).sort() }), updatedAt: this.options.now().toISOString() } : m,
        ),
      );
  }

  private async transition(
    id: string,
    who: string,
    action: ChangeSetAction,
    comment: string | undefined,
    next: (doc: ChangeSetDoc) => ChangeSetStatus,
    version?: number,
  ): Promise<ChangeSetDoc> {
    await this.get(id);
    const doc = await updateWithRetry<ChangeSetDoc, ChangeSetDoc>(this.store, changeSetKey(id), (current) => {
      if (!current) throw new ChangeSetNotFoundError(id);
      const status = next(current);
      const at = this.options.now().toISOString();
      const event = { at, who, action, ...(comment && { comment: comment.slice(0, 1000) }), ...(version !== undefined && { version }) };
      const written: ChangeSetDoc = {
        ...current,
        status,
        updatedAt: at,
        events: [...current.events, event],
        ...(action === 'approve' && { approvedBy: who }),
        ...(version !== undefined && { publishedVersion: version }),
      };
      if (action === 'reject' || action === 'submit') delete written.approvedBy;
      return { write: written, result: written };
    });
    await this.index((list) => list.map((m) => (m.id === id ? metaOf(doc) : m)));
    return doc;
  }

  private async index(change: (list: ChangeSetMeta[]) => ChangeSetMeta[]): Promise<void> {
    await updateWithRetry<ChangeSetIndex, void>(this.store, CHANGE_SETS_KEY, (index) => ({ write: { list: change(index?.list ?? []) }, result: undefined }));
  }
}

function withEdit(doc: ChangeSetDoc, offeringId: string, edit: OfferingEdit | undefined): ChangeSetDoc {
  const { [offeringId]: _old, ...others } = doc.edits;
  return { ...doc, edits: edit ? { ...others, [offeringId]: edit } : others };
}

/** The live content with the set's edits. */
function applied(doc: ChangeSetDoc, content: KnowledgeContent): KnowledgeContent {
  const offerings = { ...content.offerings };
  for (const [offeringId, edit] of Object.entries(doc.edits)) {
    if (edit.op === 'put') offerings[offeringId] = edit.data;
    else delete offerings[offeringId];
  }
  const documents = Object.fromEntries(DOCUMENTS.flatMap((name) => (doc.documents?.[name] ? [[name, doc.documents[name].data]] : [])));
  return { ...content, ...documents, offerings };
}

const isEmpty = (doc: ChangeSetDoc) => Object.keys(doc.edits).length === 0 && Object.keys(doc.documents ?? {}).length === 0;

/** Why publishing this edit over the live offering would lose someone's change; undefined when it would not. */
function conflictOf(edit: OfferingEdit, live: unknown): string | undefined {
  const liveEtag = live === undefined ? undefined : offeringEtag(live);
  if (liveEtag === edit.base) return undefined;
  if (edit.base === undefined) return 'created live since this change set began';
  if (live === undefined) return 'deleted live since this change set began';
  return 'changed live since this change set began';
}
