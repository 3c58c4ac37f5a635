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
