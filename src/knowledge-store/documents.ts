/**
 * The documents the knowledge store keeps in a key-value store. Each published version is one
 * immutable document; small index documents stand in for the "list keys" operation the store
 * does not have.
 */

/** The content of a version, as the files hold it (ids are keys, file names are not kept). */
export interface KnowledgeContent {
  facts: unknown;
  glossary: unknown;
  /** safety.yaml; absent from versions published before it existed (they no longer validate). */
  safety?: unknown;
  offerings: Record<string, unknown>;
}

export type VersionKind = 'seed' | 'publish' | 'rollback' | 'import';

interface VersionInfo {
  number: number;
  publishedAt: string;
  publishedBy: string;
  kind: VersionKind;
  note?: string;
  /** `KnowledgeBase.version`: the content hash the bot and the search index know it by. */
  contentVersion: string;
  /** Set when this version copies an older one. */
  rollbackOf?: number;
  /** The change set it published, and who approved it. */
  changeSet?: string;
  approvedBy?: string;
}

/** A version as listed: its description and how many offerings it has. */
export interface PublishedVersionMeta extends VersionInfo {
  offerings: number;
}

/** `kb/versions/<number>`: written once, never changed. */
export interface VersionDoc extends VersionInfo, KnowledgeContent {}

/**
 * `kb/versions`. `latest` is the highest number handed out; `current`, the version served, is the
 * newest one completely written (every publish, rollback and import makes a new version).
 */
export interface VersionIndex {
  current: number;
  latest: number;
  /** Oldest first. */
  list: PublishedVersionMeta[];
  /** A publish in progress holds the next number (a lock, taken over after 30 s). */
  publishing?: { number: number; at: string };
}

/** `kb/draft`: the offerings being edited, published as a whole. */
export interface DraftDoc {
  /** The version the draft started from: its facts and glossary are the ones published with it. */
  baseVersion: number;
  offerings: Record<string, unknown>;
  updatedAt: string;
}

export const INDEX_KEY = 'kb/versions';
export const versionKey = (n: number): string => `kb/versions/${n}`;
export const DRAFT_KEY = 'kb/draft';

export const metaOf = ({ facts: _f, glossary: _g, safety: _s, offerings, ...info }: VersionDoc): PublishedVersionMeta => ({
  ...info,
  offerings: Object.keys(offerings).length,
});

export const contentOf = (doc: KnowledgeContent): KnowledgeContent => ({
  facts: doc.facts,
  glossary: doc.glossary,
  safety: doc.safety,
  offerings: doc.offerings,
});

/** Where a change set is in its life: edited by its owner, reviewed by another admin, published once. */
export type ChangeSetStatus = 'open' | 'submitted' | 'approved' | 'rejected' | 'published' | 'withdrawn';

/**
 * One offering's change in a change set. `base` is the live offering's ETag when its owner first
 * edited it (absent: the offering did not exist): publishing over a live offering that changed
 * since is a conflict, never a silent overwrite.
 */
export type OfferingEdit = { op: 'put'; data: unknown; base?: string } | { op: 'delete'; base: string };

export type ChangeSetAction = 'create' | 'edit' | 'revert' | 'submit' | 'approve' | 'reject' | 'publish' | 'withdraw';

export interface ChangeSetEvent {
  at: string;
  who: string;
  action: ChangeSetAction;
  offeringId?: string;
  comment?: string;
  version?: number;
}

/** A change set as listed. */
export interface ChangeSetMeta {
  id: string;
  name: string;
  owner: string;
  status: ChangeSetStatus;
  createdAt: string;
  updatedAt: string;
  /** The offerings it changes. */
  offerings: string[];
  approvedBy?: string;
  publishedVersion?: number;
}

/** `kb/changesets/<id>`: one editor's changes, published (or rejected) as a whole. */
export interface ChangeSetDoc extends ChangeSetMeta {
  /** The version served when it was created (for its diff's context). */
  baseVersion: number;
  edits: Record<string, OfferingEdit>;
  /** Facts, glossary or safety lines replaced whole (a files import); `base`: their hash then. */
  documents?: Partial<Record<'facts' | 'glossary' | 'safety', { data: unknown; base: string }>>;
  /** Append-only: who did what, with the reviewers' comments. */
  events: ChangeSetEvent[];
}

/** `kb/changesets`: every change set's meta, oldest first. */
export interface ChangeSetIndex {
  list: ChangeSetMeta[];
}

export const CHANGE_SETS_KEY = 'kb/changesets';
export const changeSetKey = (id: string): string => `kb/changesets/${id}`;
