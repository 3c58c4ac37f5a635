import { validateKnowledge, type KnowledgeBase, type RawKnowledge } from '../knowledge/knowledge-base';
import { formatProblem, type Problem } from '../knowledge/problems';
import type { KeyValueStore } from '../storage/key-value-store';
import { compareContent, diffFields, type AuditEntry, type ContentChanges } from './audit';
import { AuditLog } from './audit-log';
import { readDoc, updateWithRetry } from './cas';
import {
  contentOf,
  DRAFT_KEY,
  INDEX_KEY,
  metaOf,
  versionKey,
  type DraftDoc,
  type KnowledgeContent,
  type PublishedVersionMeta,
  type VersionDoc,
  type VersionIndex,
  type VersionKind,
} from './documents';
import { DraftInvalidError, InvalidOfferingError, NothingToPublishError, NotFoundError, NotSeededError } from './errors';
import { checkIfMatch, offeringEtag } from './etag';
import { checkOffering } from './offering-check';
import { completeRaw, fromRawKnowledge, toRawKnowledge } from './snapshot';

export interface KnowledgeStoreOptions {
  now?: () => Date;
  /** For the staleness warnings of validation (`STALE_AFTER_DAYS`). */
  staleAfterDays?: number;
}

export interface DraftOffering {
  id: string;
  etag: string;
  data: unknown;
}

export interface Published {
  version: PublishedVersionMeta;
  kb: KnowledgeBase;
}

export interface PublishResult extends Published {
  /** Compared with the version served before. */
  changes: ContentChanges;
  /** Validation warnings (stale reviews); there are no errors, or nothing was published. */
  warnings: Problem[];
}

interface EditOptions {
  /** The ETag the editor read: required to change or delete an existing offering. */
  ifMatch?: string;
  who: string;
}

/**
 * The knowledge base as admins edit it: a draft of offerings, numbered immutable published
 * versions (the current one is served) and an audit log, over any KeyValueStore with eTags.
 *
 * - Offerings are edited in the draft one at a time, each with its own ETag (a hash of its
 *   content). Creating needs no ETag; changing or deleting needs the current one, so an edit
 *   never silently overwrites someone else's: without it PreconditionRequiredError, with a stale
 *   one PreconditionFailedError. `If-Match: *` names no version, so it is refused likewise
 *   (and, as in HTTP, fails on an offering that does not exist).
 * - Publishing validates the whole draft, with the facts and glossary of the version it started
 *   from, exactly as `kb validate` checks files; any error refuses it whole. Publishing content
 *   identical to the served version is refused (NothingToPublishError): a version is a change.
 * - Rollback and import also make a new version, so numbers only grow and every served state
 *   stays in the history; both reset the draft to the new content.
 */
export class KnowledgeStore {
  private readonly now: () => Date;
  private readonly staleAfterDays: number | undefined;
  private readonly log: AuditLog;
  /** Versions never change: the last one built is kept. */
  private built?: Published;

  constructor(
    private readonly store: KeyValueStore,
    options: KnowledgeStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.staleAfterDays = options.staleAfterDays;
    this.log = new AuditLog(store, this.now);
  }

  async isSeeded(): Promise<boolean> {
    return (await readDoc<VersionIndex>(this.store, INDEX_KEY)) !== undefined;
  }

  /** Stores `raw` as version 1 (and the draft) when the store is empty; else does nothing. Throws DraftInvalidError when `raw` has errors. */
  async ensureSeeded(raw: RawKnowledge, who = 'seed'): Promise<{ seeded: boolean; version: PublishedVersionMeta }> {
    const existing = await readDoc<VersionIndex>(this.store, INDEX_KEY);
    if (existing) return { seeded: false, version: currentMeta(existing) };
    const { kb, content } = this.validateRaw(raw);
    const doc: VersionDoc = { number: 1, publishedAt: this.now().toISOString(), publishedBy: who, kind: 'seed', contentVersion: kb.version, ...content };
    const version = metaOf(doc);
    // Two instances starting at once may both get here, with the same files: version 1 may be
    // written twice, the draft only if absent (never over an edit), the index only once.
    await this.store.write({ [versionKey(1)]: { ...doc, eTag: '*' } });
    await updateWithRetry<DraftDoc, void>(this.store, DRAFT_KEY, (draft) => ({
      write: draft ? undefined : draftOf(1, content, this.now()),
      result: undefined,
    }));
    const seeded = await updateWithRetry<VersionIndex, boolean>(this.store, INDEX_KEY, (index) =>
      index ? { result: false } : { write: { current: 1, latest: 1, list: [version] }, result: true },
    );
    if (!seeded) return this.ensureSeeded(raw, who);
    this.built = { version, kb };
    await this.log.append({ who, action: 'seed', version: 1 });
    return { seeded: true, version };
  }

  /** The served version number and the highest one: a cheap read for other instances to poll. */
  async head(): Promise<{ current: number; latest: number }> {
    const { current, latest } = await this.index();
    return { current, latest };
  }

  /** The served version and its knowledge base. */
  async current(): Promise<Published> {
    const index = await this.index();
    if (this.built?.version.number === index.current) return this.built;
    const doc = await this.version(index.current);
    const { kb, problems } = validateKnowledge(toRawKnowledge(doc), this.validation());
    // It was valid when published; only a change of the format in code can make it invalid.
    if (!kb) throw new Error(`version ${doc.number} no longer validates:\n${problems.map(formatProblem).join('\n')}`);
    this.built = { version: metaOf(doc), kb };
    return this.built;
  }

  /** Every version, newest first. */
  async versions(): Promise<PublishedVersionMeta[]> {
    return [...(await this.index()).list].reverse();
  }

  async version(n: number): Promise<VersionDoc> {
    const doc = Number.isInteger(n) && n > 0 ? await readDoc<VersionDoc>(this.store, versionKey(n)) : undefined;
    if (!doc) throw new NotFoundError('version', n);
    return doc;
  }

  /** The content of version `n`, to write as files. */
  async snapshot(n: number): Promise<{ version: PublishedVersionMeta; content: KnowledgeContent }> {
    const doc = await this.version(n);
    return { version: metaOf(doc), content: contentOf(doc) };
  }

  async exportCurrent(): Promise<{ version: PublishedVersionMeta; content: KnowledgeContent }> {
    return this.snapshot((await this.index()).current);
  }

  /** The draft's offerings, by id. */
  async listDraft(): Promise<DraftOffering[]> {
    const draft = await this.draft();
    return Object.keys(draft.offerings)
      .sort()
      .map((id) => ({ id, etag: offeringEtag(draft.offerings[id]), data: draft.offerings[id] }));
  }

  async getDraft(id: string): Promise<{ etag: string; data: unknown } | undefined> {
    const data = offeringIn(await this.draft(), id);
    return data === undefined ? undefined : { etag: offeringEtag(data), data };
  }

  /**
   * Creates or replaces one offering of the draft. The data is checked first (InvalidOfferingError,
   * with every error), then the ETag rules (see the class). Identical data changes nothing and
   * logs nothing.
   */
  async putDraft(id: string, data: unknown, { ifMatch, who }: EditOptions): Promise<{ etag: string; created: boolean }> {
    const checked = checkOffering(id, data);
    if (checked.errors.length > 0) throw new InvalidOfferingError(id, checked.errors);
    const next = checked.data;
    const etag = offeringEtag(next);
    const { created, before } = await updateWithRetry<DraftDoc, { created: boolean; before?: unknown }>(this.store, DRAFT_KEY, (draft) => {
      if (!draft) throw new NotSeededError();
      const existing = offeringIn(draft, id);
      checkIfMatch(id, existing, ifMatch);
      if (existing !== undefined && offeringEtag(existing) === etag) return { result: { created: false } };
      const offerings = { ...draft.offerings, [id]: next };
      // `before` is set only when something is written: a creation is a change from nothing.
      return { write: { ...draft, offerings, updatedAt: this.now().toISOString() }, result: { created: existing === undefined, before: existing ?? {} } };
    });
    // Logged after the change it describes: the log never shows an edit that did not happen.
    if (before !== undefined) await this.log.append({ who, action: 'put', offeringId: id, changes: diffFields(before, next) });
    return { etag, created };
  }

  /** Removes one offering from the draft: NotFoundError when absent, then the ETag rules. */
  async deleteDraft(id: string, { ifMatch, who }: EditOptions): Promise<void> {
    const removed = await updateWithRetry<DraftDoc, unknown>(this.store, DRAFT_KEY, (draft) => {
      if (!draft) throw new NotSeededError();
      const existing = offeringIn(draft, id);
      if (existing === undefined) throw new NotFoundError('offering', id);
      checkIfMatch(id, existing, ifMatch);
      const { [id]: _gone, ...offerings } = draft.offerings;
      return { write: { ...draft, offerings, updatedAt: this.now().toISOString() }, result: existing };
    });
    await this.log.append({ who, action: 'delete', offeringId: id, changes: diffFields(removed, {}) });
  }

  /** What publishing the draft now would report: every problem, errors and warnings. */
  async validateDraft(): Promise<Problem[]> {
    const content = await this.draftContent();
    return validateKnowledge(toRawKnowledge(content), this.validation()).problems;
  }

  /** Publishes the draft as a new version and serves it (DraftInvalidError, NothingToPublishError: nothing changes). */
  async publish({ who, note }: { who: string; note?: string }): Promise<PublishResult> {
    const content = await this.draftContent();
    const { kb, problems } = validateKnowledge(toRawKnowledge(content), this.validation());
    if (!kb) throw new DraftInvalidError(problems);
    const result = await this.newVersion(content, kb, { who, note, kind: 'publish' });
    // The draft now derives from the new version (unless a rollback or import moved it further).
    await updateWithRetry<DraftDoc, void>(this.store, DRAFT_KEY, (d) =>
      d && d.baseVersion < result.version.number ? { write: { ...d, baseVersion: result.version.number }, result: undefined } : { result: undefined },
    );
    return { ...result, warnings: problems };
  }

  /** Serves again the content of version `n`, as a new version; the draft is reset to it. */
  async rollback(n: number, { who, note }: { who: string; note?: string }): Promise<PublishResult> {
    const target = await this.version(n);
    const content = contentOf(target);
    const { kb, problems } = validateKnowledge(toRawKnowledge(content), this.validation());
    if (!kb) throw new DraftInvalidError(problems);
    const result = await this.newVersion(content, kb, { who, note, kind: 'rollback', rollbackOf: n });
    await this.resetDraft(result.version.number, content);
    return { ...result, warnings: problems };
  }

  /** Publishes `raw` (a knowledge folder as read by readKnowledgeDir) as a new version; the draft is replaced by it. */
  async importRaw(raw: RawKnowledge, { who, note }: { who: string; note?: string }): Promise<PublishResult> {
    const { kb, content, problems } = this.validateRaw(raw);
    const result = await this.newVersion(content, kb, { who, note, kind: 'import' });
    await this.resetDraft(result.version.number, content);
    return { ...result, warnings: problems };
  }

  /** The audit log, newest first; `before`: a seq, for the next page. */
  async audit(options: { limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    return this.log.list(options);
  }

  /**
   * Stores a new version and serves it, all or nothing: what changed is worked out before anything
   * is written; the number is taken first (so two publishers never share one), the document
   * written next, then its audit entry, and only then does the index serve it. A reader never
   * sees a version that is not completely written, and no version is served without its entry.
   */
  private async newVersion(
    content: KnowledgeContent,
    kb: KnowledgeBase,
    how: { who: string; note?: string; kind: Exclude<VersionKind, 'seed'>; rollbackOf?: number },
  ): Promise<Omit<PublishResult, 'warnings'>> {
    const index = await this.index();
    const served = await this.version(index.current);
    if (served.contentVersion === kb.version) throw new NothingToPublishError(served.number, served.contentVersion);
    const changes = compareContent(contentOf(served), content);

    const number = await updateWithRetry<VersionIndex, number>(this.store, INDEX_KEY, (i) => {
      if (!i) throw new NotSeededError();
      return { write: { ...i, latest: i.latest + 1 }, result: i.latest + 1 };
    });
    const doc: VersionDoc = {
      number,
      publishedAt: this.now().toISOString(),
      publishedBy: how.who,
      kind: how.kind,
      ...(how.note !== undefined && { note: how.note }),
      contentVersion: kb.version,
      ...(how.rollbackOf !== undefined && { rollbackOf: how.rollbackOf }),
      ...content,
    };
    await this.store.write({ [versionKey(number)]: { ...doc, eTag: '*' } });
    const version = metaOf(doc);
    await this.log.append({
      who: how.who,
      action: how.kind,
      version: number,
      ...(how.rollbackOf !== undefined && { rollbackOf: how.rollbackOf }),
      ...(how.note !== undefined && { note: how.note }),
      content: changes,
    });
    await updateWithRetry<VersionIndex, void>(this.store, INDEX_KEY, (i) => {
      if (!i) throw new NotSeededError();
      const list = [...i.list, version].sort((a, b) => a.number - b.number);
      // Two publishers at once: the newer number is served whichever finishes last.
      return { write: { ...i, current: Math.max(i.current, number), list }, result: undefined };
    });
    this.built = { version, kb };
    return { version, kb, changes };
  }

  private validateRaw(raw: RawKnowledge): { kb: KnowledgeBase; content: KnowledgeContent; problems: Problem[] } {
    const complete = completeRaw(raw);
    const { kb, problems } = validateKnowledge(complete, this.validation());
    if (!kb) throw new DraftInvalidError(problems);
    return { kb, content: fromRawKnowledge(complete), problems };
  }

  /** The draft's offerings with the facts and glossary of the version it started from. */
  private async draftContent(): Promise<KnowledgeContent> {
    const draft = await this.draft();
    const base = await this.version(draft.baseVersion);
    return { facts: base.facts, glossary: base.glossary, safety: base.safety, offerings: draft.offerings };
  }

  private async resetDraft(baseVersion: number, content: KnowledgeContent): Promise<void> {
    // Replaces the draft whatever it holds: that is what a rollback or an import means.
    await this.store.write({ [DRAFT_KEY]: { ...draftOf(baseVersion, content, this.now()), eTag: '*' } });
  }

  private async index(): Promise<VersionIndex> {
    const index = await readDoc<VersionIndex>(this.store, INDEX_KEY);
    if (!index) throw new NotSeededError();
    return index;
  }

  private async draft(): Promise<DraftDoc> {
    const draft = await readDoc<DraftDoc>(this.store, DRAFT_KEY);
    if (!draft) throw new NotSeededError();
    return draft;
  }

  private validation() {
    return { today: this.now(), staleAfterDays: this.staleAfterDays };
  }
}

const currentMeta = (index: VersionIndex): PublishedVersionMeta => {
  const meta = index.list.find((v) => v.number === index.current);
  if (!meta) throw new Error(`the version index has no entry for its current version ${index.current}`);
  return meta;
};

const draftOf = (baseVersion: number, content: KnowledgeContent, now: Date): DraftDoc => ({
  baseVersion,
  offerings: content.offerings,
  updatedAt: now.toISOString(),
});

/** Own keys only: an id such as "constructor" must not find Object's prototype. */
const offeringIn = (draft: DraftDoc, id: string): unknown => (Object.hasOwn(draft.offerings, id) ? draft.offerings[id] : undefined);
