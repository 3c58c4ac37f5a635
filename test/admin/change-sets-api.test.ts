import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_KNOWLEDGE, sampleOffering } from '../helpers/knowledge-fixture';
import { message, post, startServer, tempDataDir, type Running } from '../server/harness';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-0123456789abcdef';

/**
 * Change sets with review (REVIEW_REQUIRED, on by default): each admin's edits in their own set,
 * approved by another admin, published whole; files changed at start proposed, never published
 * over what admins published.
 */
describe('change sets through the admin API, with review', () => {
  const dataDir = tempDataDir();
  const knowledgeDir = mkdtempSync(join(tmpdir(), 'passerelle-kb-'));
  cpSync(REAL_KNOWLEDGE, knowledgeDir, { recursive: true });
  const env = { ADMIN_TOKEN_HASHES: `alice:${sha(ALICE)},bob:${sha(BOB)}`, KNOWLEDGE_DIR: knowledgeDir };
  let running: Running;

  const api = async <T = Record<string, unknown>>(
    path: string,
    { token = ALICE, method = 'GET', body, ifMatch }: { token?: string; method?: string; body?: unknown; ifMatch?: string } = {},
  ) => {
    const res = await fetch(`${running.url}/api/admin${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(ifMatch && { 'If-Match': ifMatch }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      etag: res.headers.get('etag') ?? undefined,
      json: (text ? JSON.parse(text) : {}) as T,
    };
  };
  const search = async (text: string) =>
    JSON.stringify((await post(running.url, message(text, { locale: 'en-US', conversation: { id: `s-${Math.random()}` } }))).replies);
  /** An offering as a change set has it, renamed in English. */
  const renamed = async (set: string, id: string, en: string) => {
    const read = await api<{ name: Record<string, string> }>(`/changesets/${set}/offerings/${id}`);
    return { etag: read.etag, data: { ...read.json, name: { ...read.json.name, en } } };
  };

  beforeAll(async () => {
    running = await startServer({ dataDir, store: true, env });
  });
  afterAll(async () => {
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(knowledgeDir, { recursive: true, force: true });
  });

  let aliceSet = '';
  let bobSet = '';

  it("keeps each admin's edits in their own set: publishing one never ships the other's", async () => {
    const created = await api('/changesets', { method: 'POST', body: { name: 'Francisation spring review' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Francisation spring review', owner: 'alice', status: 'open', offerings: [] });
    aliceSet = created.json.id as string;
    const edit = await renamed(aliceSet, 'francisation-quebec', 'Francisation Québec — reviewed');
    expect((await api(`/changesets/${aliceSet}/offerings/francisation-quebec`, { method: 'PUT', body: edit.data })).status).toBe(428);
    expect((await api(`/changesets/${aliceSet}/offerings/francisation-quebec`, { method: 'PUT', body: edit.data, ifMatch: edit.etag })).status).toBe(200);

    // Bob's unfinished work, with a wrong phone number, in his own set.
    bobSet = ((await api('/changesets', { token: BOB, method: 'POST', body: { name: 'Bob: 211 numbers' } })).json.id as string) ?? '';
    const bobs = await renamed(bobSet, 'service-211', '211 — UNFINISHED');
    expect((await api(`/changesets/${bobSet}/offerings/service-211`, { token: BOB, method: 'PUT', body: bobs.data, ifMatch: bobs.etag })).status).toBe(200);
    // Alice cannot write into Bob's set.
    expect((await api(`/changesets/${bobSet}/offerings/service-211`, { method: 'PUT', body: bobs.data, ifMatch: bobs.etag })).status).toBe(403);

    const list = await api<{ reviewRequired: boolean; changeSets: { owner: string }[] }>('/changesets?status=open');
    expect(list.json.reviewRequired).toBe(true);
    expect(list.json.changeSets.map((c) => c.owner).sort()).toEqual(['alice', 'bob']);
  });

  it('needs another admin to approve: not published before, never by its own author', async () => {
    expect(await api(`/changesets/${aliceSet}/publish`, { method: 'POST' })).toMatchObject({ status: 409, json: { code: 'ReviewRequired' } });
    expect(await api(`/changesets/${aliceSet}/approve`, { method: 'POST' })).toMatchObject({ status: 409, json: { code: 'NotSubmitted' } });
    expect((await api(`/changesets/${aliceSet}/submit`, { method: 'POST', body: { comment: 'ready' } })).json.status).toBe('submitted');
    expect(await api(`/changesets/${aliceSet}/approve`, { method: 'POST' })).toMatchObject({ status: 403, json: { code: 'OwnReview' } });
    expect(await api(`/changesets/${aliceSet}/submit`, { token: BOB, method: 'POST' })).toMatchObject({ status: 403, json: { code: 'NotOwner' } });

    const diff = await api(`/changesets/${aliceSet}`, { token: BOB });
    expect(diff.json.diff).toEqual([
      { offeringId: 'francisation-quebec', op: 'change', changes: [{ path: 'name.en', before: expect.any(String), after: 'Francisation Québec — reviewed' }] },
    ]);
    expect((await api(`/changesets/${aliceSet}/approve`, { token: BOB, method: 'POST', body: { comment: 'looks right' } })).json).toMatchObject({
      status: 'approved',
      approvedBy: 'bob',
    });
    const published = await api(`/changesets/${aliceSet}/publish`, { method: 'POST', body: { note: 'spring review' } });
    expect(published.status).toBe(200);
    expect(published.json.version).toMatchObject({ number: 2, publishedBy: 'alice', changeSet: aliceSet, approvedBy: 'bob' });
    expect(published.json.changes).toMatchObject({ changed: ['francisation-quebec'] });
    expect(await search('french classes')).toContain('Francisation Québec — reviewed');
    expect(await search('211')).not.toContain('UNFINISHED');
    // Who approved is in the audit log, with the publish.
    type Entries = { entries: { action: string; who: string; approvedBy?: string; changeSet?: string; note?: string }[] };
    const { entries } = (await api<Entries>('/audit?limit=20')).json;
    expect(entries).toContainEqual(expect.objectContaining({ action: 'approve', who: 'bob', changeSet: aliceSet, note: 'looks right' }));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'publish', who: 'alice', approvedBy: 'bob', changeSet: aliceSet }));
    expect((await api<Entries>(`/audit?who=bob&limit=5`)).json.entries.every((e) => e.who === 'bob')).toBe(true);
    expect((await api<Entries>(`/audit?offering=service-211`)).json.entries.map((e) => e.who)).toEqual(['bob']);
  });

  it('re-opens an approved set that changes again, and refuses a set whose offering changed live since, listing the conflict', async () => {
    // Bob's set edits service-211 from version 1; Alice publishes another change of it first.
    const mine = ((await api('/changesets', { method: 'POST', body: { name: '211 hours' } })).json.id as string) ?? '';
    const edit = await renamed(mine, 'service-211', '211 — community and social services');
    await api(`/changesets/${mine}/offerings/service-211`, { method: 'PUT', body: edit.data, ifMatch: edit.etag });
    await api(`/changesets/${mine}/submit`, { method: 'POST' });
    await api(`/changesets/${mine}/approve`, { token: BOB, method: 'POST' });
    expect((await api(`/changesets/${mine}/publish`, { method: 'POST' })).status).toBe(200);

    const submitted = await api(`/changesets/${bobSet}/submit`, { token: BOB, method: 'POST' });
    expect(submitted.json.status).toBe('submitted');
    const view = await api<{ diff: unknown[] }>(`/changesets/${bobSet}`);
    expect(view.json.diff[0]).toMatchObject({ offeringId: 'service-211', conflict: 'changed live since this change set began' });
    await api(`/changesets/${bobSet}/approve`, { method: 'POST' });
    expect(await api(`/changesets/${bobSet}/publish`, { token: BOB, method: 'POST' })).toMatchObject({
      status: 409,
      json: { code: 'Conflict', conflicts: [{ offeringId: 'service-211', reason: 'changed live since this change set began' }] },
    });
    // Bob resolves it by starting from what is live: the set is open again and needs a new approval.
    expect((await api(`/changesets/${bobSet}/offerings/service-211/revert`, { token: BOB, method: 'POST' })).status).toBe(204);
    expect((await api(`/changesets/${bobSet}`)).json).toMatchObject({ status: 'open', offerings: [] });
    expect((await api(`/changesets/${bobSet}/withdraw`, { token: BOB, method: 'POST' })).json.status).toBe('withdrawn');
  });

  it('retires an offering after a rejection and a new submission: gone from search, kept in the history', async () => {
    expect(await search('zanzibar')).not.toContain('Cooking classes');
    const set = ((await api('/changesets', { token: BOB, method: 'POST', body: { name: 'new and retired' } })).json.id as string) ?? '';
    await api(`/changesets/${set}/offerings/atelier-zanzibar`, {
      token: BOB,
      method: 'PUT',
      body: sampleOffering({ keywords: { fr: ['zanzibar'], en: ['zanzibar'] } }),
    });
    await api(`/changesets/${set}/submit`, { token: BOB, method: 'POST' });
    await api(`/changesets/${set}/approve`, { method: 'POST' });
    await api(`/changesets/${set}/publish`, { token: BOB, method: 'POST' });
    expect(await search('zanzibar')).toContain('Cooking classes');

    const retiring = ((await api('/changesets', { token: BOB, method: 'POST', body: { name: 'retire zanzibar' } })).json.id as string) ?? '';
    expect(
      (await api(`/changesets/${retiring}/offerings/atelier-zanzibar/retire`, { token: BOB, method: 'POST', body: { reason: 'the workshop ended' } })).status,
    ).toBe(200);
    expect((await api(`/changesets/${retiring}`)).json.diff).toEqual([expect.objectContaining({ offeringId: 'atelier-zanzibar', op: 'retire' })]);
    await api(`/changesets/${retiring}/submit`, { token: BOB, method: 'POST' });
    await api(`/changesets/${retiring}/reject`, { method: 'POST', body: { comment: 'say when it ended' } });
    const rejected = await api<{ status: string; events: unknown[] }>(`/changesets/${retiring}`);
    expect(rejected.json.status).toBe('rejected');
    expect(rejected.json.events.at(-1)).toMatchObject({ action: 'reject', who: 'alice', comment: 'say when it ended' });
    await api(`/changesets/${retiring}/submit`, { token: BOB, method: 'POST' });
    await api(`/changesets/${retiring}/approve`, { method: 'POST' });
    expect((await api(`/changesets/${retiring}/publish`, { token: BOB, method: 'POST' })).status).toBe(200);
    expect(await search('zanzibar')).not.toContain('Cooking classes');
    const versions = (await api<{ versions: { number: number; offerings: number }[] }>('/versions')).json.versions;
    expect(versions[0]!.offerings).toBe(versions[1]!.offerings); // kept, retired, not deleted
  });

  it('proposes knowledge files changed before a restart as a change set, and never publishes them over what admins published', async () => {
    const published = (await api('/versions')).json.current as number;
    const file = join(knowledgeDir, 'offerings', 'pasi.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^lastReviewed: .*$/m, 'lastReviewed: 2026-11-30'));
    await running.stop();
    running = await startServer({ dataDir, store: true, env });

    // Nothing published by the API is lost, and nothing of the files is published yet.
    expect((await api('/versions')).json.current).toBe(published);
    expect(await search('french classes')).toContain('Francisation Québec — reviewed');
    const health = (await (await fetch(`${running.url}/healthz`)).json()) as { knowledge: { filesAwaitingReview?: string } };
    expect(health.knowledge.filesAwaitingReview).toMatch(/^cs-/);
    const proposal = await api(`/changesets/${health.knowledge.filesAwaitingReview}`);
    expect(proposal.json).toMatchObject({ owner: 'files', status: 'submitted', offerings: ['pasi'] });
    expect(proposal.json.diff).toEqual([
      { offeringId: 'pasi', op: 'change', changes: [{ path: 'lastReviewed', before: expect.any(String), after: '2026-11-30' }] },
    ]);
    await api(`/changesets/${health.knowledge.filesAwaitingReview}/approve`, { method: 'POST' });
    expect((await api(`/changesets/${health.knowledge.filesAwaitingReview}/publish`, { method: 'POST' })).status).toBe(200);
    expect(await search('french classes')).toContain('Francisation Québec — reviewed');

    // Restarted again with the same files: nothing proposed twice.
    await running.stop();
    running = await startServer({ dataDir, store: true, env });
    expect((await api('/changesets?status=submitted')).json.changeSets).toEqual([]);
  });

  it("gives a change set's validation errors in the admin's language (Accept-Language), English by default", async () => {
    const set = (await api('/changesets', { method: 'POST', body: { name: 'Langue des erreurs' } })).json.id as string;
    const call = async (path: string, acceptLanguage?: string, body?: unknown) => {
      const res = await fetch(`${running.url}/api/admin/changesets/${set}${path}`, {
        method: body === undefined ? 'GET' : 'PUT',
        headers: { Authorization: `Bearer ${ALICE}`, 'Content-Type': 'application/json', ...(acceptLanguage && { 'Accept-Language': acceptLanguage }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as { errors: { path: string; message: string }[] } };
    };
    const badShape = sampleOffering({ summary: { fr: 'x'.repeat(241), en: 'Short.' }, colour: 'blue' });
    expect(await call('/offerings/atelier-langue', 'fr-CA,fr;q=0.9', badShape)).toMatchObject({
      status: 422,
      json: {
        errors: [
          { path: 'summary', message: 'un résumé tient en une courte phrase (240 caractères au plus)' },
          { path: '', message: 'champ inconnu : colour' },
        ],
      },
    });
    expect((await call('/offerings/atelier-langue', undefined, badShape)).json.errors).toEqual([
      { path: 'summary', message: 'a summary is one short sentence (240 characters at most)' },
      { path: '', message: 'unknown field: colour' },
    ]);

    // Well formed, but its rule names no fact: found when the set is validated as a whole.
    const badRule = sampleOffering({ eligibility: { rules: { all: [{ fact: 'shoeSize', min: 40 }] }, notes: { fr: 'x', en: 'x' } } });
    expect((await call('/offerings/atelier-langue', 'fr', badRule)).status).toBe(201);
    const inFrench = (await call('/validate', 'fr-CA')).json.errors.find((e) => e.path === 'eligibility.rules.all.0.fact');
    expect(inFrench?.message).toMatch(/^fait inconnu « shoeSize » \(faits connus : status, /);
    const inEnglish = (await call('/validate')).json.errors.find((e) => e.path === 'eligibility.rules.all.0.fact');
    expect(inEnglish?.message).toMatch(/^unknown fact "shoeSize" \(known: status, /);
    expect((await api(`/changesets/${set}/withdraw`, { method: 'POST' })).status).toBe(200);
  });
});
