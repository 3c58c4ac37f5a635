import { isDeepStrictEqual } from 'node:util';
import { offeringEtag } from './etag';
import type { KnowledgeContent } from './documents';

export type AuditAction = 'put' | 'delete' | 'publish' | 'rollback' | 'import' | 'seed' | 'approve' | 'reject';

/**
 * One changed field. `path` uses dots for fields and `[i]` for list items (`sources[0].url`).
 * Created fields have no `before`, removed ones no `after`.
 */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** What a new version changes compared with the one served before it. */
export interface ContentChanges {
  added: string[];
  changed: string[];
  removed: string[];
  facts: boolean;
  glossary: boolean;
  safety: boolean;
}

/** One line of the append-only audit log. */
export interface AuditEntry {
  /** 1, 2, 3…: the order of the log. */
  seq: number;
  /** ISO date and time. */
  at: string;
  who: string;
  action: AuditAction;
  offeringId?: string;
  /** The change set an edit, a review or a publish belongs to. */
  changeSet?: string;
  /** For a publish: the admin who approved its change set. */
  approvedBy?: string;
  /** The version a publish, rollback, import or seed created. */
  version?: number;
  rollbackOf?: number;
  note?: string;
  /** For put and delete: field by field. */
  changes?: FieldChange[];
  /** For publish, rollback and import: which offerings, compared with the version served before. */
  content?: ContentChanges;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'at'>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Field-level differences between two JSON values: objects and lists are compared member by
 * member, anything else is reported whole. `diffFields({}, offering)` lists a creation by its
 * top-level fields, `diffFields(offering, {})` a deletion.
 */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diffFields(before[i], after[i], `${path}[${i}]`)).flat();
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diffFields(before[k], after[k], path ? `${path}.${k}` : k));
  }
  const change: FieldChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

/** Offerings added, changed and removed (ids sorted), and whether facts, glossary or safety changed. */
export function compareContent(before: KnowledgeContent, after: KnowledgeContent): ContentChanges {
  const ids = (c: KnowledgeContent) => Object.keys(c.offerings).sort();
  const same = (a: unknown, b: unknown) => (a === undefined || b === undefined ? a === b : offeringEtag(a) === offeringEtag(b));
  return {
    // Own keys only: an offering id such as "constructor" must not find Object.prototype's.
    added: ids(after).filter((id) => !Object.hasOwn(before.offerings, id)),
    changed: ids(after).filter((id) => Object.hasOwn(before.offerings, id) && !same(before.offerings[id], after.offerings[id])),
    removed: ids(before).filter((id) => !Object.hasOwn(after.offerings, id)),
    facts: !same(before.facts, after.facts),
    glossary: !same(before.glossary, after.glossary),
    safety: !same(before.safety, after.safety),
  };
}
