import { validateKnowledge, type KnowledgeBase, type RawKnowledge, type ValidationOptions } from '../knowledge/knowledge-base';
import { formatProblem, type Problem } from '../knowledge/problems';
import type { Language } from '../knowledge/vocabulary';
import type { KeyValueStore } from '../storage/key-value-store';
import { compareContent, type AuditEntry, type ContentChanges } from './audit';
import { AuditLog } from './audit-log';
import { readDoc, updateWithRetry } from './cas';
import { ChangeSets } from './change-sets';
import { checkKnowledgeLinks, type LinkCheckOptions, type LinkReport } from './link-check';
import {
  contentOf,
  INDEX_KEY,
  metaOf,
  versionKey,
  type ChangeSetDoc,
  type ChangeSetMeta,
  type KnowledgeContent,
  type PublishedVersionMeta,
  type VersionDoc,
  type VersionIndex,
  type VersionKind,
} from './documents';
import { DraftInvalidError, NothingToPublishError, NotFoundError, NotSeededError } from './errors';
import { offeringEtag } from './etag';
import { completeRaw, fromRawKnowledge, toRawKnowledge } from './snapshot';

export interface KnowledgeStoreOptions {
  now?: () => Date;
  /** For the staleness warnings of validation (`STALE_AFTER_DAYS`). */
  staleAfterDays?: number;
  /** A change set needs another admin's approval before it is published (`REVIEW_REQUIRED`). */
  reviewRequired?: boolean;
  clock?: () => number;
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
  /** For a rollback: change sets in progress that change offerings the rollback changed (they may now conflict). */
  pending?: ChangeSetMeta[];
}

interface EditOptions {
  /** The ETag the editor read: required to change or delete an existing offering. */
  ifMatch?: string;
  who: string;
  /** The language of validation messages (InvalidOfferingError); English by default. */
  lang?: Language;
}

/** What publishing needs to know: who, their note, and the language of validation messages (DraftInvalidError). */
interface PublishOptions {
  who: string;
  note?: string;
  lang?: Language;
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
  /** Real time for the publish lock (tests fix `now` for dates). */
  private readonly clock: () => number;
  private readonly staleAfterDays: number | undefined;
  private readonly log: AuditLog;
  /** Each editor's changes, reviewed and published as a whole. */
  readonly changeSets: ChangeSets;
  /** Versions never change: the last one built is kept. */
  private built?: Published;

  constructor(
    private readonly store: KeyValueStore,
    options: KnowledgeStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.clock = options.clock ?? Date.now;
    this.staleAfterDays = options.staleAfterDays;
    this.log = new AuditLog(store, this.now);
    this.changeSets = new ChangeSets(store, { liveContent: () => this.liveContent() }, this.log, {
      reviewRequired: options.reviewRequired ?? false,
      now: this.now,
    });
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
    // written twice, the index only once.
    await this.store.write({ [versionKey(1)]: { ...doc, eTag: '*' } });
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

  /** The number and content of the version served. */
  async liveContent(): Promise<{ number: number; content: KnowledgeContent }> {
    const { current } = await this.index();
    return { number: current, content: contentOf(await this.version(current)) };
  }

  /**
   * The offerings as `who` sees them in the plain offering API: what is live, with the edits of
   * their own change set in progress (none made by reading).
   */
  async listDraft(who?: string): Promise<DraftOffering[]> {
    const { content } = await this.liveContent();
    const offerings: Record<string, unknown> = { ...content.offerings };
    const mine = who ? (await this.changeSets.list({ owner: who, status: ['open', 'rejected', 'submitted', 'approved'] })).at(-1) : undefined;
    if (mine) {
      for (const [id, edit] of Object.entries((await this.changeSets.get(mine.id)).edits)) {
        if (edit.op === 'put') offerings[id] = edit.data;
        else delete offerings[id];
      }
    }
    return Object.keys(offerings)
      .sort()
      .map((id) => ({ id, etag: offeringEtag(offerings[id]), data: offerings[id] }));
  }

  async getDraft(id: string, who?: string): Promise<{ etag: string; data: unknown } | undefined> {
    const found = (await this.listDraft(who)).find((o) => o.id === id);
    return found && { etag: found.etag, data: found.data };
  }

  /** Creates or replaces one offering in `who`'s own change set (made when they have none); see ChangeSets.put. */
  async putDraft(id: string, data: unknown, { ifMatch, who, lang }: EditOptions): Promise<{ etag: string; created: boolean }> {
    return this.changeSets.put((await this.changeSets.personal(who)).id, id, data, { who, ifMatch, lang });
  }

  /** Deletes one offering in `who`'s own change set: NotFoundError when absent, then the ETag rules. */
  async deleteDraft(id: string, { ifMatch, who }: EditOptions): Promise<void> {
    await this.changeSets.remove((await this.changeSets.personal(who)).id, id, { who, ifMatch });
  }

  /** What publishing `who`'s change set (or a given one) now would report: every problem, errors and warnings, in `lang`. */
  async validateDraft(who?: string, changeSet?: string, { lang }: { lang?: Language } = {}): Promise<Problem[]> {
    const id = changeSet ?? (who ? (await this.changeSets.personal(who)).id : undefined);
    const content = id ? await this.changeSets.contentToValidate(id) : (await this.liveContent()).content;
    return validateKnowledge(toRawKnowledge(content), this.validation(lang)).problems;
  }

  /** Publishes `who`'s own change set (see publishChangeSet). */
  async publish({ who, note, lang }: PublishOptions): Promise<PublishResult> {
    const mine = (await this.changeSets.list({ owner: who, status: ['open', 'rejected', 'submitted', 'approved'] })).at(-1);
    if (!mine) {
      const { current } = await this.index();
      const served = await this.version(current);
      throw new NothingToPublishError(served.number, served.contentVersion);
    }
    return this.publishChangeSet(mine.id, { who, note, lang });
  }

  /**
   * Publishes a change set as a new version and serves it: approved by another admin when review
   * is required; refused whole on a conflict with what is live (ChangeSetConflictError) or an
   * error of the content it would serve (DraftInvalidError). Other change sets are untouched.
   */
  async publishChangeSet(id: string, { who, note, lang }: PublishOptions): Promise<PublishResult> {
    for (let attempt = 0; ; attempt++) {
      const { doc, content, base } = await this.changeSets.contentToPublish(id);
      const { kb, problems } = validateKnowledge(toRawKnowledge(content), this.validation(lang));
      if (!kb) throw new DraftInvalidError(problems);
      try {
        const result = await this.newVersion(content, kb, { who, note: note ?? doc.name, kind: 'publish', changeSet: id, approvedBy: doc.approvedBy, base });
        await this.changeSets.published(id, who, result.version.number, note);
        return { ...result, warnings: problems };
      } catch (err) {
        // Another set was published meanwhile: merge onto it again (its conflicts, if any, are found then).
        if (!(err instanceof LiveMovedError) || attempt >= 10) throw err;
      }
    }
  }

  /** Serves again the content of version `n`, as a new version; the draft is reset to it. */
  async rollback(n: number, { who, note, lang }: PublishOptions): Promise<PublishResult> {
    const target = await this.version(n);
    const content = contentOf(target);
    const { kb, problems } = validateKnowledge(toRawKnowledge(content), this.validation(lang));
    if (!kb) throw new DraftInvalidError(problems);
    const result = await this.newVersion(content, kb, { who, note, kind: 'rollback', rollbackOf: n });
    // Change sets in progress stay as they are; those touching what the rollback changed are named.
    const pending = await this.changeSets.touching([...result.changes.added, ...result.changes.changed, ...result.changes.removed]);
    return { ...result, warnings: problems, pending };
  }

  /** Publishes `raw` (a knowledge folder as read by readKnowledgeDir) as a new version. */
  async importRaw(raw: RawKnowledge, { who, note }: { who: string; note?: string }): Promise<PublishResult> {
    const { kb, content, problems } = this.validateRaw(raw);
    const result = await this.newVersion(content, kb, { who, note, kind: 'import' });
    return { ...result, warnings: problems };
  }

  /**
   * Proposes `raw` as a change set for review instead of publishing it: the offerings that differ
   * from `from` (by default what is live), each based on `from`'s version of it, so a publish over
   * an offering changed live since is a conflict. Undefined when nothing differs. Throws
   * DraftInvalidError when `raw` has errors.
   */
  async proposeRaw(
    raw: RawKnowledge,
    { who, name, from }: { who: string; name: string; from?: KnowledgeContent },
  ): Promise<{ changeSet?: ChangeSetDoc; content: KnowledgeContent }> {
    const { content } = this.validateRaw(raw);
    const changeSet = await this.changeSets.propose(who, name, from ?? (await this.liveContent()).content, content);
    return { changeSet, content };
  }

  /** Validates whole content as files would be (DraftInvalidError), giving it in the store's form. */
  contentOfRaw(raw: RawKnowledge): KnowledgeContent {
    return this.validateRaw(raw).content;
  }

  /** The last link check (scheduled or on demand), shared by every instance. */
  async linkReport(): Promise<LinkReport | undefined> {
    return readDoc<LinkReport>(this.store, LINKS_KEY);
  }

  /** Checks every link of the version served now and keeps the report. */
  async checkLinks(options: LinkCheckOptions = {}): Promise<LinkReport> {
    const report = await checkKnowledgeLinks((await this.current()).kb, { now: this.now, ...options });
    await this.store.write({ [LINKS_KEY]: { ...report, eTag: '*' } });
    return report;
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
    how: {
      who: string;
      note?: string;
      kind: Exclude<VersionKind, 'seed'>;
      rollbackOf?: number;
      changeSet?: string;
      approvedBy?: string;
      /** The live version `content` was merged onto: when another was served since, LiveMovedError (merge again). */
      base?: number;
    },
  ): Promise<Omit<PublishResult, 'warnings'>> {
    // One publish at a time: the number is taken with a short lock in the index, only while the
    // version served is still the one this content was computed against.
    let number = 0;
    let changes: ContentChanges | undefined;
    for (let waited = 0; number === 0; waited++) {
      const index = await this.index();
      if (how.base !== undefined && index.current !== how.base) throw new LiveMovedError();
      const served = await this.version(index.current);
      if (served.contentVersion === kb.version) throw new NothingToPublishError(served.number, served.contentVersion);
      changes = compareContent(contentOf(served), content);
      const outcome = await updateWithRetry<VersionIndex, number | 'busy' | 'moved'>(this.store, INDEX_KEY, (i) => {
        if (!i) throw new NotSeededError();
        if (i.current !== index.current) return { result: 'moved' };
        if (i.publishing && Date.parse(i.publishing.at) > this.clock() - PUBLISH_LOCK_MS) return { result: 'busy' };
        const taken = i.latest + 1;
        return { write: { ...i, latest: taken, publishing: { number: taken, at: new Date(this.clock()).toISOString() } }, result: taken };
      });
      if (outcome === 'moved' && how.base !== undefined) throw new LiveMovedError();
      if (typeof outcome === 'number') number = outcome;
      else if (waited > PUBLISH_LOCK_MS / 50) throw new Error('another publish has held the knowledge store for too long');
      else if (outcome === 'busy') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    try {
      return await this.writeVersion(number, content, kb, how, changes!);
    } catch (err) {
      await this.unlock(number).catch(() => undefined);
      throw err;
    }
  }

  /** Releases the publish lock when it is still `number`'s (a publish that failed half-way). */
  private async unlock(number: number): Promise<void> {
    await updateWithRetry<VersionIndex, void>(this.store, INDEX_KEY, (i) => {
      if (!i || i.publishing?.number !== number) return { result: undefined };
      const { publishing: _done, ...rest } = i;
      return { write: rest, result: undefined };
    });
  }

  private async writeVersion(
    number: number,
    content: KnowledgeContent,
    kb: KnowledgeBase,
    how: { who: string; note?: string; kind: Exclude<VersionKind, 'seed'>; rollbackOf?: number; changeSet?: string; approvedBy?: string },
    changes: ContentChanges,
  ): Promise<Omit<PublishResult, 'warnings'>> {
    const doc: VersionDoc = {
      number,
      publishedAt: this.now().toISOString(),
      publishedBy: how.who,
      kind: how.kind,
      ...(how.note !== undefined && { note: how.note }),
      contentVersion: kb.version,
      ...(how.rollbackOf !== undefined && { rollbackOf: how.rollbackOf }),
      ...(how.changeSet !== undefined && { changeSet: how.changeSet }),
      ...(how.approvedBy !== undefined && { approvedBy: how.approvedBy }),
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
      ...(how.changeSet !== undefined && { changeSet: how.changeSet }),
      ...(how.approvedBy !== undefined && { approvedBy: how.approvedBy }),
      content: changes,
    });
    await updateWithRetry<VersionIndex, void>(this.store, INDEX_KEY, (i) => {
      if (!i) throw new NotSeededError();
      const list = [...i.list, version].sort((a, b) => a.number - b.number);
      const { publishing, ...rest } = i;
      // Two publishers at once: the newer number is served whichever finishes last.
      return {
        write: { ...rest, ...(publishing && publishing.number !== number && { publishing }), current: Math.max(i.current, number), list },
        result: undefined,
      };
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

  private async index(): Promise<VersionIndex> {
    const index = await readDoc<VersionIndex>(this.store, INDEX_KEY);
    if (!index) throw new NotSeededError();
    return index;
  }

  private validation(lang?: Language): ValidationOptions {
    return { today: this.now(), staleAfterDays: this.staleAfterDays, ...(lang && { lang }) };
  }
}

/** The last link report. */
const LINKS_KEY = 'kb/links';

/** How long a publish may hold the lock on version numbers before another takes it over (it died half-way). */
const PUBLISH_LOCK_MS = 30_000;

/** The version served changed while a change set was being merged onto it: merge again. */
class LiveMovedError extends Error {
  constructor() {
    super('another version was served meanwhile');
    this.name = 'LiveMovedError';
  }
}

const currentMeta = (index: VersionIndex): PublishedVersionMeta => {
  const meta = index.list.find((v) => v.number === index.current);
  if (!meta) throw new Error(`the version index has no entry for its current version ${index.current}`);
  return meta;
};
