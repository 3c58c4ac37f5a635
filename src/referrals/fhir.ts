/**
 * Referrals as one FHIR R4 Bundle (type `collection`): per referral a ServiceRequest (the
 * referral) and a Task (its fulfilment by the receiving organization), shaped after the HL7
 * Gravity SDOH Clinical Care guide's SDOHCC ServiceRequest and Task For Referral Management where
 * they fit. It claims no profile: the client is never identified (a display-only subject), the
 * caseworker only by an opaque identifier, and the client's facts are left out unless asked for.
 */
import { createHash } from 'node:crypto';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { StatusEvent } from './referral-lifecycle';
import type { Referral, ReferralOutcome, ReferralStatus } from './referral-schema';

export const FHIR_BASE = 'https://passerelle.quebec/fhir';

/** The code systems and naming systems of the export. */
export const FHIR_SYSTEMS = {
  offering: `${FHIR_BASE}/CodeSystem/offering`,
  category: `${FHIR_BASE}/CodeSystem/category`,
  referralStatus: `${FHIR_BASE}/CodeSystem/referral-status`,
  outcome: `${FHIR_BASE}/CodeSystem/referral-outcome`,
  taskOutput: `${FHIR_BASE}/CodeSystem/task-output`,
  referral: `${FHIR_BASE}/NamingSystem/referral`,
  caseworker: `${FHIR_BASE}/NamingSystem/caseworker`,
  organization: `${FHIR_BASE}/NamingSystem/organization`,
  factExtension: `${FHIR_BASE}/StructureDefinition/referral-fact`,
} as const;

/** ServiceRequest.status (RequestStatus): active until it ends; completed once closed; revoked when declined or withdrawn. */
export const SERVICE_REQUEST_STATUS: Record<ReferralStatus, 'active' | 'completed' | 'revoked'> = {
  created: 'active',
  sent: 'active',
  accepted: 'active',
  declined: 'revoked',
  closed: 'completed',
  withdrawn: 'revoked',
};

/**
 * Task.status, within Gravity's referral task statuses (TaskStatus without `ready` and
 * `received`): a referral not yet sent is a draft; sent, it is requested of the organization.
 * A closed referral is completed whatever its outcome (the outcome is in `output`).
 */
export const TASK_STATUS: Record<ReferralStatus, 'draft' | 'requested' | 'accepted' | 'rejected' | 'completed' | 'cancelled'> = {
  created: 'draft',
  sent: 'requested',
  accepted: 'accepted',
  declined: 'rejected',
  closed: 'completed',
  withdrawn: 'cancelled',
};

const OUTCOME_DISPLAY: Record<ReferralOutcome, string> = {
  'service-started': 'Service started',
  completed: 'Service completed',
  'no-show': 'Client did not come',
  'not-eligible': 'Client not eligible',
  other: 'Other',
};

/** A receiving organization, for its name (knowledge/organizations.yaml). */
export interface FhirOrganization {
  id: string;
  name: { fr: string; en: string };
}

export interface FhirOptions {
  /** The Bundle's timestamp. */
  now: Date;
  /** Offering names and categories; without it, offerings are codes only. */
  kb?: Pick<KnowledgeBase, 'get'>;
  /** Organization names; without them, organizations are identifiers only. */
  organizations?: readonly FhirOrganization[];
  /** The client's consented facts, as extensions of the ServiceRequest: only when asked for. */
  withFacts?: boolean;
}

type Json = Record<string, unknown>;

/** A UUID derived from SHA-256 (RFC 9562 version 8, "custom"): the same input, the same UUID. */
export function derivedUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The caseworker's id is internal (a Teams object id): the export names them by a pseudonym. */
export const caseworkerPseudonym = (caseworkerId: string) => createHash('sha256').update(`caseworker:${caseworkerId}`).digest('hex').slice(0, 24);

export const serviceRequestId = (r: Referral) => r.id.toLowerCase();
export const taskId = (r: Referral) => derivedUuid(`passerelle:task:${r.id.toLowerCase()}`);

const requesterOf = (r: Referral): Json => ({
  type: 'Practitioner',
  identifier: { system: FHIR_SYSTEMS.caseworker, value: caseworkerPseudonym(r.caseworkerId) },
  display: 'Passerelle caseworker',
});

/** Never identified: the export is about referrals, not people. */
const SUBJECT: Json = { type: 'Patient', display: 'Client (not identified)' };

function organizationRef(r: Referral, options: FhirOptions): Json | undefined {
  if (!r.organizationId) return undefined;
  const org = options.organizations?.find((o) => o.id === r.organizationId);
  return {
    type: 'Organization',
    identifier: { system: FHIR_SYSTEMS.organization, value: r.organizationId },
    ...(org && { display: org.name[r.language] }),
  };
}

function eventAuthor(e: StatusEvent, r: Referral): Json {
  if (e.actor.kind === 'caseworker') return { authorReference: requesterOf(r) };
  if (e.actor.kind === 'organization' && e.actor.id) {
    return { authorReference: { type: 'Organization', identifier: { system: FHIR_SYSTEMS.organization, value: e.actor.id } } };
  }
  return { authorString: e.actor.kind === 'organization' ? 'Receiving organization' : 'Passerelle' };
}

/** One note per change of status, oldest first (the history, without FHIR's versions or Provenance). */
const noteOf = (e: StatusEvent, r: Referral): Json => ({
  ...eventAuthor(e, r),
  time: e.at,
  text: `${e.from ?? 'none'} → ${e.to}${e.outcome ? ` (outcome: ${e.outcome})` : ''}`,
});

function factExtensions(facts: Referral['facts']): Json[] {
  return Object.entries(facts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({
      url: FHIR_SYSTEMS.factExtension,
      extension: [
        { url: 'fact', valueCode: name },
        typeof value === 'boolean'
          ? { url: 'value', valueBoolean: value }
          : typeof value === 'number'
            ? Number.isInteger(value)
              ? { url: 'value', valueInteger: value }
              : { url: 'value', valueDecimal: value }
            : { url: 'value', valueString: value },
      ],
    }));
}

function serviceRequest(r: Referral, options: FhirOptions): Json {
  const offering = options.kb?.get(r.offeringId);
  const performer = organizationRef(r, options);
  const facts = options.withFacts ? factExtensions(r.facts) : [];
  return {
    resourceType: 'ServiceRequest',
    id: serviceRequestId(r),
    meta: { lastUpdated: r.updatedAt },
    ...(facts.length > 0 && { extension: facts }),
    identifier: [{ use: 'official', system: FHIR_SYSTEMS.referral, value: r.reference }],
    status: SERVICE_REQUEST_STATUS[r.status],
    intent: 'order',
    category: [
      { coding: [{ system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' }] },
      ...(offering?.categories ?? []).map((c) => ({ coding: [{ system: FHIR_SYSTEMS.category, code: c }] })),
    ],
    code: {
      coding: [{ system: FHIR_SYSTEMS.offering, code: r.offeringId, ...(offering && { display: offering.name[r.language] }) }],
      ...(offering && { text: offering.name[r.language] }),
    },
    subject: SUBJECT,
    authoredOn: r.createdAt,
    requester: requesterOf(r),
    ...(performer && { performer: [performer] }),
  };
}

function task(r: Referral, options: FhirOptions): Json {
  const owner = organizationRef(r, options);
  const last = r.events.at(-1);
  const reason = last?.to === r.status ? last.reason : undefined;
  const start = r.events.find((e) => e.actor.kind === 'organization')?.at;
  const end = ['declined', 'closed', 'withdrawn'].includes(r.status) ? (last?.at ?? r.updatedAt) : undefined;
  return {
    resourceType: 'Task',
    id: taskId(r),
    meta: { lastUpdated: r.updatedAt },
    identifier: [{ use: 'official', system: FHIR_SYSTEMS.referral, value: r.reference }],
    status: TASK_STATUS[r.status],
    ...(reason && { statusReason: { text: reason } }),
    businessStatus: {
      coding: [{ system: FHIR_SYSTEMS.referralStatus, code: r.status }],
      text: r.outcome ? `${r.status}: ${r.outcome}` : r.status,
    },
    intent: 'order',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill', display: 'Fulfill the focal request' }] },
    focus: { reference: `urn:uuid:${serviceRequestId(r)}`, type: 'ServiceRequest' },
    for: SUBJECT,
    ...((start || end) && { executionPeriod: { ...(start && { start }), ...(end && { end }) } }),
    authoredOn: r.createdAt,
    lastModified: r.updatedAt,
    requester: requesterOf(r),
    ...(owner && { owner }),
    ...(r.events.length > 0 && { note: r.events.map((e) => noteOf(e, r)) }),
    ...(r.outcome && {
      output: [
        {
          type: { coding: [{ system: FHIR_SYSTEMS.taskOutput, code: 'outcome', display: 'Outcome of the referral' }] },
          valueCodeableConcept: { coding: [{ system: FHIR_SYSTEMS.outcome, code: r.outcome, display: OUTCOME_DISPLAY[r.outcome] }] },
        },
      ],
    }),
  };
}

/** Every referral as a ServiceRequest and its Task, in one `collection` Bundle. */
export function fhirBundle(referrals: readonly Referral[], options: FhirOptions): Json {
  const entry = referrals.flatMap((r) => [
    { fullUrl: `urn:uuid:${serviceRequestId(r)}`, resource: serviceRequest(r, options) },
    { fullUrl: `urn:uuid:${taskId(r)}`, resource: task(r, options) },
  ]);
  // FHIR JSON has no empty arrays: no referral, no `entry`.
  return { resourceType: 'Bundle', type: 'collection', timestamp: options.now.toISOString(), ...(entry.length > 0 && { entry }) };
}
