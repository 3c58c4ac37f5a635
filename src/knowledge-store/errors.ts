import { formatProblem, type Problem } from '../knowledge/problems';

/**
 * What the knowledge store refuses, one class per answer an editor needs. They carry data, not
 * HTTP statuses: the edge maps them (see each class).
 */

/** One reason an offering is refused, e.g. `{ path: 'name.en', message: 'missing English translation' }`. */
export interface FieldError {
  /** Dotted path as in `kb validate` (`sources.0.url`); empty for the offering as a whole (its id, unknown fields). */
  path: string;
  message: string;
}

/** No such offering in the draft, or no such version (HTTP 404). */
export class NotFoundError extends Error {
  constructor(
    readonly kind: 'offering' | 'version',
    readonly id: string | number,
  ) {
    super(`no ${kind} ${id}`);
    this.name = 'NotFoundError';
  }
}

/** The offering does not follow the format of the files; every error at once (HTTP 422). */
export class InvalidOfferingError extends Error {
  constructor(
    readonly id: string,
    readonly errors: FieldError[],
  ) {
    super(`offering ${id} is invalid: ${errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`);
    this.name = 'InvalidOfferingError';
  }
}

/** Changing or deleting an existing offering needs the ETag its editor read (HTTP 428). */
export class PreconditionRequiredError extends Error {
  constructor(readonly id: string) {
    super(`offering ${id} exists: changing or deleting it needs its current ETag (If-Match)`);
    this.name = 'PreconditionRequiredError';
  }
}

/** The ETag given is not the offering's current one: someone changed or removed it since (HTTP 412). */
export class PreconditionFailedError extends Error {
  constructor(
    readonly id: string,
    /** The offering's ETag now; undefined when it does not exist. */
    readonly currentEtag: string | undefined,
  ) {
    super(currentEtag === undefined ? `offering ${id} does not exist (any more)` : `offering ${id} changed since it was read (its ETag is now ${currentEtag})`);
    this.name = 'PreconditionFailedError';
  }
}

/** The draft (or imported content) does not validate as a whole; nothing changed (HTTP 422). */
export class DraftInvalidError extends Error {
  constructor(
    /** Every problem, errors and warnings, as `kb validate` reports them. */
    readonly problems: Problem[],
  ) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(`${errors.length} error(s), nothing published:\n${errors.map(formatProblem).join('\n')}`);
    this.name = 'DraftInvalidError';
  }
}

/** Publishing would serve the content already served: refused so versions mean changes (HTTP 409). */
export class NothingToPublishError extends Error {
  constructor(
    readonly current: number,
    readonly contentVersion: string,
  ) {
    super(`nothing to publish: the content is the same as version ${current} (knowledge version ${contentVersion})`);
    this.name = 'NothingToPublishError';
  }
}

/** The store holds no knowledge base yet: `ensureSeeded` runs first (a start-up bug, HTTP 503). */
export class NotSeededError extends Error {
  constructor() {
    super('the knowledge store is empty: seed it first (ensureSeeded)');
    this.name = 'NotSeededError';
  }
}

/** No such change set (HTTP 404). */
export class ChangeSetNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no change set ${id}`);
    this.name = 'ChangeSetNotFoundError';
  }
}

/**
 * What a change set cannot do now (HTTP 409, with `code`): edit one that is not its owner's or
 * not open, submit an empty one, review one not submitted or one's own, publish one not
 * approved while review is required.
 */
export class ChangeSetStateError extends Error {
  constructor(
    readonly code: 'NotOwner' | 'NotEditable' | 'Empty' | 'NotSubmitted' | 'OwnReview' | 'ReviewRequired' | 'Closed',
    message: string,
  ) {
    super(message);
    this.name = 'ChangeSetStateError';
  }
}

/** A change set's offerings changed live since their owner started editing them (HTTP 409, with each conflict). */
export class ChangeSetConflictError extends Error {
  constructor(readonly conflicts: { offeringId: string; reason: string }[]) {
    super(`the change set conflicts with what is live: ${conflicts.map((c) => `${c.offeringId} (${c.reason})`).join('; ')}`);
    this.name = 'ChangeSetConflictError';
  }
}
