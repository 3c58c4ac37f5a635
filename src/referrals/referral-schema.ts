import { z } from 'zod';
import { LANGUAGES } from '../knowledge/vocabulary';

import { REFERRAL_OUTCOMES, REFERRAL_STATUSES } from './referral-lifecycle';

export { REFERRAL_OUTCOMES, REFERRAL_STATUSES, type ReferralOutcome, type ReferralStatus } from './referral-lifecycle';

export const StatusEvent = z.object({
  at: z.iso.datetime(),
  actor: z.object({ kind: z.enum(['caseworker', 'organization', 'system']), id: z.string().optional() }),
  from: z.enum(REFERRAL_STATUSES).nullable(),
  to: z.enum(REFERRAL_STATUSES),
  reason: z.string().max(500).optional(),
  outcome: z.enum(REFERRAL_OUTCOMES).optional(),
});

/** A label the caseworker chose (their file number, initials): optional, short, purged with the referral. */
export const CLIENT_LABEL_MAX = 40;

/** A referral of one client to one offering, made by a caseworker with the client's consent. */
export const Referral = z.object({
  id: z.string().uuid(),
  /** Short, readable reference for the letter and the phone: PAS-7K3M-Q9TX. */
  reference: z.string().regex(/^PAS-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
  offeringId: z.string().min(1),
  /** Only the facts that justify the referral (the conditions of the offering's rules they met). */
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** The client's language: the letter is written in it. */
  language: z.enum(LANGUAGES),
  channel: z.string().min(1),
  /** Teams `aadObjectId` where present, else the channel's user id. */
  caseworkerId: z.string().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  status: z.enum(REFERRAL_STATUSES),
  /** Every change of status, oldest first; only ever appended to. Referrals made before it have none. */
  events: z.array(StatusEvent).default([]),
  /** How it ended, once closed. */
  outcome: z.enum(REFERRAL_OUTCOMES).optional(),
  clientLabel: z.string().max(CLIENT_LABEL_MAX).optional(),
  /** The receiving organization (knowledge/organizations.yaml) serving the offering in the client's region, when there is one. */
  organizationId: z.string().min(1).optional(),
  /**
   * The organization's link: a signed capability naming this referral, the organization and
   * `nonce`; revoking it (withdrawal, a new link) changes the nonce, so old links stop working.
   */
  link: z.object({ nonce: z.string().min(8), expiresAt: z.iso.datetime() }).optional(),
  /** Where to tell the caseworker (a Bot Framework conversation reference, as JSON): proactive messages. */
  notify: z.record(z.string(), z.unknown()).optional(),
  /** When the caseworker was last reminded that the organization has not answered. */
  remindedAt: z.iso.datetime().optional(),
  /** A discreet letter: no service name or subject, only the reference and the contact (sensitive services). */
  discreet: z.boolean().default(false),
});
export type Referral = z.infer<typeof Referral>;
