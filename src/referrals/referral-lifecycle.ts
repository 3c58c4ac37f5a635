/**
 * A referral's life, as a state machine enforced here (not in a dialog): created → sent →
 * accepted | declined, accepted → closed with an outcome; the caseworker may withdraw it until it
 * is closed. Every change is an event appended to the referral's history, never rewritten.
 */

export const REFERRAL_STATUSES = ['created', 'sent', 'accepted', 'declined', 'closed', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** How a closed referral ended (the measure counts them). */
export const REFERRAL_OUTCOMES = ['service-started', 'completed', 'no-show', 'not-eligible', 'other'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** Who changes a referral: its caseworker, the receiving organization (through its link), or the server (the email sent). */
export type ActorKind = 'caseworker' | 'organization' | 'system';

export interface Actor {
  kind: ActorKind;
  /** The caseworker's id, the organization's id; none for the server. */
  id?: string;
}

export interface StatusEvent {
  at: string;
  actor: Actor;
  from: ReferralStatus | null;
  to: ReferralStatus;
  /** Why it was declined or withdrawn (plain words, at most 500 characters). */
  reason?: string;
  outcome?: ReferralOutcome;
}

interface Transition {
  from: ReferralStatus;
  to: ReferralStatus;
  by: readonly ActorKind[];
  needs?: 'reason' | 'outcome';
}

/**
 * Every allowed change; anything else is refused. A caseworker may mark a referral sent
 * themself (no email configured: the letter was handed over) but never accept or close it for
 * the organization.
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'created', to: 'sent', by: ['system', 'caseworker'] },
  { from: 'sent', to: 'accepted', by: ['organization'] },
  { from: 'sent', to: 'declined', by: ['organization'], needs: 'reason' },
  { from: 'accepted', to: 'closed', by: ['organization'], needs: 'outcome' },
  { from: 'created', to: 'withdrawn', by: ['caseworker'] },
  { from: 'sent', to: 'withdrawn', by: ['caseworker'] },
  { from: 'accepted', to: 'withdrawn', by: ['caseworker'] },
];

/** No change leaves these. */
export const FINAL_STATUSES: readonly ReferralStatus[] = ['declined', 'closed', 'withdrawn'];

export type TransitionRefusal = 'NotAllowed' | 'NotYours' | 'ReasonRequired' | 'OutcomeRequired';

export class TransitionError extends Error {
  constructor(
    readonly code: TransitionRefusal,
    readonly from: ReferralStatus,
    readonly to: ReferralStatus,
    readonly actor: ActorKind,
  ) {
    super(`${code}: a referral ${from} cannot become ${to} by its ${actor}`);
    this.name = 'TransitionError';
  }
}

export interface TransitionInput {
  to: ReferralStatus;
  actor: Actor;
  reason?: string;
  outcome?: ReferralOutcome;
}

const MAX_REASON = 500;

/** The event that moves a referral from `from`, or the refusal (TransitionError). */
export function transition(from: ReferralStatus, input: TransitionInput, at: Date): StatusEvent {
  const rule = TRANSITIONS.find((t) => t.from === from && t.to === input.to);
  if (!rule) throw new TransitionError('NotAllowed', from, input.to, input.actor.kind);
  if (!rule.by.includes(input.actor.kind)) throw new TransitionError('NotYours', from, input.to, input.actor.kind);
  const reason = input.reason?.trim().slice(0, MAX_REASON) || undefined;
  if (rule.needs === 'reason' && !reason) throw new TransitionError('ReasonRequired', from, input.to, input.actor.kind);
  if (rule.needs === 'outcome' && !(input.outcome && REFERRAL_OUTCOMES.includes(input.outcome))) {
    throw new TransitionError('OutcomeRequired', from, input.to, input.actor.kind);
  }
  return {
    at: at.toISOString(),
    actor: input.actor,
    from,
    to: input.to,
    ...(reason && { reason }),
    ...(rule.needs === 'outcome' && { outcome: input.outcome }),
  };
}

/** What `actor` may do next with a referral in `status` (the buttons to show). */
export const nextStatuses = (status: ReferralStatus, actor: ActorKind): ReferralStatus[] =>
  TRANSITIONS.filter((t) => t.from === status && t.by.includes(actor)).map((t) => t.to);
