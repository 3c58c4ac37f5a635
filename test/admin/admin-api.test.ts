import { createHash } from 'node:crypto';
import { KnowledgeStore } from '../../src/knowledge-store/knowledge-store';
import { rmSync } from 'node:fs';
import { sampleOffering, REAL_OFFERINGS } from '../helpers/knowledge-fixture';
import { message, post, startServer, tempDataDir, type Running } from '../server/harness';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-0123456789abcdef';
// The plain offering API on a single-admin install: each admin publishes their own change set
// (review by another admin is tested in test/admin/change-sets-api.test.ts).
const ENV = { ADMIN_TOKEN_HASHES: `alice:${sha(ALICE)},bob:${sha(BOB)}`, REVIEW_REQUIRED: 'false' };

describe('the admin API', () => {
  const dataDir = tempDataDir();
  let running: Running;
  const api = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const { token = ALICE, headers, ...rest } = init;
    return fetch(`${running.url}/api/admin${path}`, {
      ...rest,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(headers as Record<string, string>) },
    });
  };
  const put = (id: string, body: unknown, ifMatch?: string, token = ALICE) =>
    api(`/offerings/${id}`, {
      method: 'PUT',
      token,
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', ...(ifMatch ? { 'If-Match': ifMatch } : {}) },
    });
  const search = async (text: string) => {
    const { status, replies } = await post(running.url, message(text, { locale: 'en-US', conversation: { id: `search-${Math.random()}` } }));
    return { status, text: JSON.stringify(replies) };
  };

  beforeAll(async () => {
    running = await startServer({ dataDir, store: true, env: ENV });
  });
  afterAll(async () => {
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('needs a listed bearer token: 401 otherwise', async () => {
    for (const token of [null, 'wrong-token', `${ALICE}x`]) {
      const res = await api('/offerings', { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await api('/offerings', { headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, token: null })).status).toBe(401);
    expect((await api('/offerings')).status).toBe(200);
  });

  it('lists and reads offerings of the draft, each with an ETag', async () => {
    const list = (await (await api('/offerings')).json()) as { offerings: { id: string; etag: string }[] };
    expect(list.offerings).toHaveLength(REAL_OFFERINGS);
    const one = await api('/offerings/service-211');
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe(`"${list.offerings.find((o) => o.id === 'service-211')!.etag}"`);
    expect(((await one.json()) as { name: { fr: string } }).name.fr).toMatch(/211/);
    expect((await api('/offerings/no-such-thing')).status).toBe(404);
  });

  it('PUT: 428 without If-Match, 412 when stale, 422 with every error, 415/400 for non-JSON, 200/201 otherwise', async () => {
    const read = await api('/offerings/service-211');
    const etag = read.headers.get('etag')!;
    const data = (await read.json()) as Record<string, unknown> & { name: { fr: string; en: string } };

    expect((await put('service-211', data)).status).toBe(428);
    expect((await put('service-211', data, '"0000000000000000"')).status).toBe(412);

    const invalid = await put('service-211', { ...data, name: { fr: data.name.fr }, categories: ['nope'] }, etag);
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['name.en', 'categories.0']));

    const notJson = await api('/offerings/service-211', { method: 'PUT', body: 'hello', headers: { 'Content-Type': 'text/plain', 'If-Match': etag } });
    expect(notJson.status).toBe(415);
    const badJson = await api('/offerings/service-211', { method: 'PUT', body: '{', headers: { 'Content-Type': 'application/json', 'If-Match': etag } });
    expect(badJson.status).toBe(400);

    const updated = await put('service-211', { ...data, name: { ...data.name, en: '211 — community services (updated)' } }, etag);
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).not.toBe(etag);

    const created = await put('atelier-zanzibar', sampleOffering({ keywords: { fr: ['zanzibar'], en: ['zanzibar'] } }));
    expect(created.status).toBe(201);
  });

  it("422 errors are in the admin's language (Accept-Language), in English without one", async () => {
    const invalid = sampleOffering({ name: { fr: 'Nom seulement' }, lastReviewed: '15 mars 2026', sources: [{ url: 'nope', kind: 'official' }] });
    const errorsOf = async (headers: Record<string, string>) => {
      const res = await api('/offerings/mal-rempli', {
        method: 'PUT',
        body: JSON.stringify(invalid),
        headers: { 'Content-Type': 'application/json', ...headers },
      });
      expect(res.status).toBe(422);
      return ((await res.json()) as { errors: { path: string; message: string }[] }).errors;
    };
    expect(await errorsOf({ 'Accept-Language': 'fr-CA,fr;q=0.9,en;q=0.8' })).toEqual([
      { path: 'name.en', message: 'traduction anglaise manquante' },
      { path: 'sources.0.url', message: 'doit être une URL complète (https://...)' },
      { path: 'lastReviewed', message: 'doit être une date écrite AAAA-MM-JJ' },
    ]);
    const english = [
      { path: 'name.en', message: 'missing English translation' },
      { path: 'sources.0.url', message: 'must be a full URL (https://...)' },
      { path: 'lastReviewed', message: 'must be a date written YYYY-MM-DD' },
    ];
    expect(await errorsOf({})).toEqual(english);
    expect(await errorsOf({ 'Accept-Language': 'es-MX,en;q=0.5,fr;q=0.4' })).toEqual(english);
    expect((await api('/offerings/mal-rempli')).status).toBe(404);
  });

  it("two admins edit in their own change sets: neither sees nor ships the other's edit", async () => {
    const read = await api('/offerings/aide-juridique');
    const etag = read.headers.get('etag')!;
    const data = (await read.json()) as { summary: { fr: string; en: string } };
    const alice = await put('aide-juridique', { ...data, summary: { ...data.summary, en: 'Alice was here.' } }, etag, ALICE);
    const bob = await put('aide-juridique', { ...data, summary: { ...data.summary, en: 'Bob was here.' } }, etag, BOB);
    expect([alice.status, bob.status]).toEqual([200, 200]);
    const seenBy = async (token: string) => ((await (await api('/offerings/aide-juridique', { token })).json()) as { summary: { en: string } }).summary.en;
    expect([await seenBy(ALICE), await seenBy(BOB)]).toEqual(['Alice was here.', 'Bob was here.']);
  });

  it('DELETE needs If-Match too; 204, then 404', async () => {
    const etag = (await put('a-retirer', sampleOffering())).headers.get('etag')!;
    expect((await api('/offerings/a-retirer', { method: 'DELETE' })).status).toBe(428);
    expect((await api('/offerings/a-retirer', { method: 'DELETE', headers: { 'If-Match': '"stale"' } })).status).toBe(412);
    expect((await api('/offerings/a-retirer', { method: 'DELETE', headers: { 'If-Match': etag } })).status).toBe(204);
    expect((await api('/offerings/a-retirer', { method: 'DELETE', headers: { 'If-Match': etag } })).status).toBe(404);
    expect((await api('/offerings/a-retirer')).status).toBe(404);
  });

  it('refuses a draft with an error whole, 422, and the live version keeps serving', async () => {
    const before = (await (await fetch(`${running.url}/healthz`)).json()) as { knowledge: { version: string; published: number } };
    const broken = await put('regle-cassee', sampleOffering({ eligibility: { rules: { all: [{ fact: 'shoeSize', min: 40 }] }, notes: { fr: 'x', en: 'x' } } }));
    expect(broken.status).toBe(201);
    const refused = await api('/publish', { method: 'POST' });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { errors: { file: string; path: string; message: string }[] };
    expect(body.errors.some((e) => e.file.includes('regle-cassee') && /shoeSize/.test(e.message))).toBe(true);
    expect(body.errors.find((e) => e.file.includes('regle-cassee'))?.message).toMatch(/^unknown fact "shoeSize" \(known: /);
    const inFrench = await api('/publish', { method: 'POST', headers: { 'Accept-Language': 'fr-CA,fr;q=0.9' } });
    expect(inFrench.status).toBe(422);
    const french = (await inFrench.json()) as { errors: { file: string; path: string; message: string }[] };
    expect(french.errors.find((e) => e.file.includes('regle-cassee'))).toMatchObject({
      path: 'eligibility.rules.all.0.fact',
      message: expect.stringMatching(/^fait inconnu « shoeSize » \(faits connus : /),
    });
    const after = (await (await fetch(`${running.url}/healthz`)).json()) as { knowledge: { version: string; published: number } };
    expect(after.knowledge).toEqual(before.knowledge);
    expect((await search('zanzibar')).text).not.toContain('Cooking classes');
    const etag = (await api('/offerings/regle-cassee')).headers.get('etag')!;
    expect((await api('/offerings/regle-cassee', { method: 'DELETE', headers: { 'If-Match': etag } })).status).toBe(204);
  });

  it('publishes atomically under concurrent searches: none fails, the next ones see the new version', async () => {
    // Rounds of four searches run before, during and after the publication: counted, not timed,
    // so a slow machine only makes the test slower.
    let searching = true;
    const results: number[] = [];
    let rounds = 0;
    const roundsPassed = async (n: number) => {
      const target = rounds + n;
      while (rounds < target) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const searches = (async () => {
      while (searching) {
        results.push(...(await Promise.all(['health insurance', 'French classes', 'zanzibar', 'job'].map(async (q) => (await search(q)).status))));
        rounds += 1;
      }
    })();
    await roundsPassed(1);
    const published = await api('/publish', { method: 'POST', body: JSON.stringify({ note: 'updates' }), headers: { 'Content-Type': 'application/json' } });
    await roundsPassed(2);
    searching = false;
    await searches;
    expect(published.status).toBe(200);
    const body = (await published.json()) as { version: { number: number; publishedBy: string }; changes: { added: string[]; changed: string[] } };
    expect(body.version).toMatchObject({ number: 2, publishedBy: 'alice' });
    expect(body.changes.added).toEqual(['atelier-zanzibar']);
    expect(body.changes.changed).toEqual(expect.arrayContaining(['service-211', 'aide-juridique']));
    expect(results.length).toBeGreaterThan(8);
    expect(results.every((s) => s === 200)).toBe(true);
    expect((await search('zanzibar')).text).toContain('Cooking classes');
    expect((await api('/publish', { method: 'POST' })).status).toBe(409);
    // Bob edited aide-juridique from the version Alice has just changed: his publish is refused with the conflict, nothing overwritten.
    const bobs = await api('/publish', { method: 'POST', token: BOB });
    expect(bobs.status).toBe(409);
    expect(await bobs.json()).toMatchObject({
      code: 'Conflict',
      conflicts: [{ offeringId: 'aide-juridique', reason: 'changed live since this change set began' }],
    });
  });

  it('rolls back to a kept version as a new version; 404 and 400 for bad versions', async () => {
    const res = await api('/rollback/1', { method: 'POST' });
    expect(res.status).toBe(200);
    const rolled = (await res.json()) as { version: { number: number }; pending: { owner: string; offerings: string[] }[] };
    expect(rolled.version.number).toBe(3);
    // Bob's change set is left as it is, and named: it touches an offering the rollback changed.
    expect(rolled.pending).toEqual([expect.objectContaining({ owner: 'bob', offerings: ['aide-juridique'] })]);
    expect((await search('zanzibar')).text).not.toContain('Cooking classes');
    expect((await api('/rollback/99', { method: 'POST' })).status).toBe(404);
    expect((await api('/rollback/abc', { method: 'POST' })).status).toBe(400);
    const versions = (await (await api('/versions')).json()) as { current: number; versions: { number: number }[] };
    expect(versions.current).toBe(3);
    expect(versions.versions.map((v) => v.number)).toEqual(expect.arrayContaining([1, 2, 3]));
  });

  it('keeps an audit log of every change with who, when and a field-level diff', async () => {
    const { entries } = (await (await api('/audit?limit=50')).json()) as {
      entries: { who: string; action: string; offeringId?: string; changes?: { path: string; before: unknown; after: unknown }[] }[];
    };
    const edit = entries.find((e) => e.action === 'put' && e.offeringId === 'service-211')!;
    expect(edit.who).toBe('alice');
    expect(edit.changes).toEqual([{ path: 'name.en', before: expect.any(String), after: '211 — community services (updated)' }]);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['rollback', 'publish', 'delete', 'put', 'seed']));
  });

  it('reports stale offerings and referral counts, in JSON and CSV', async () => {
    const stale = (await (await api('/reports/staleness')).json()) as { staleAfterDays: number; total: number; stale: unknown[] };
    expect(stale).toMatchObject({ staleAfterDays: 365, total: REAL_OFFERINGS });
    const csv = await api('/reports/staleness?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    // A byte order mark first, so that Excel reads UTF-8 (text() drops it, as browsers do).
    expect(Buffer.from(await (await api('/reports/staleness?format=csv')).arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect((await (await api('/reports/staleness?format=csv&separator=semicolon')).text()).split('\r\n')[0]).toBe(
      'id;name_fr;name_en;provider;lastReviewed;daysSinceReview',
    );
    expect((await api('/reports/referrals?fiscalYear=26')).status).toBe(400);
    expect(await (await api('/reports/referrals?fiscalYear=2026')).json()).toMatchObject({ total: 0, period: { from: '2026-04-01', to: '2027-03-31' } });
    expect((await csv.text()).split('\r\n')[0]).toBe('id,name_fr,name_en,provider,lastReviewed,daysSinceReview');
    const referrals = (await (await api('/reports/referrals')).json()) as Record<string, unknown>;
    expect(referrals).toEqual({
      total: 0,
      byOffering: [],
      byRegion: [],
      byMonth: [],
      byGender: [],
      byStatus: [],
      byOutcome: [],
      byOrganization: [],
      measure: { made: 0, sent: 0, accepted: 0, declined: 0, closed: 0, completed: 0, withdrawn: 0, medianDaysToAcceptance: null, medianDaysToOutcome: null },
      measureByOffering: [],
      cross: [],
    });
    expect(await (await api('/reports/referrals', { headers: { Accept: 'text/csv' } })).text()).toBe('dimension,key,count\r\n');
    const measure = await api('/reports/referrals?format=csv&table=measure');
    expect(measure.headers.get('content-disposition')).toBe('attachment; filename="referrals-measure-by-offering.csv"');
    expect(await measure.text()).toBe('offering,made,accepted,completed,medianDaysToAcceptance,medianDaysToOutcome\r\n');
  });

  it('keeps every version and the audit log across a restart', async () => {
    await running.stop();
    running = await startServer({ dataDir, store: true, env: ENV });
    const versions = (await (await api('/versions')).json()) as { current: number; versions: unknown[] };
    expect(versions).toMatchObject({ current: 3 });
    expect(versions.versions).toHaveLength(3);
    expect(((await (await api('/audit')).json()) as { entries: unknown[] }).entries.length).toBeGreaterThan(6);
    expect((await search('zanzibar')).text).not.toContain('Cooking classes');
  });
});

describe('the admin API when it is off or attacked', () => {
  it('is off (404) without ADMIN_TOKEN_HASHES', async () => {
    const running = await startServer({ store: true });
    try {
      expect((await fetch(`${running.url}/api/admin/offerings`, { headers: { Authorization: `Bearer ${ALICE}` } })).status).toBe(404);
    } finally {
      await running.stop();
    }
  });

  it('rate-limits failed attempts per address with 429 and Retry-After, even for a right token then', async () => {
    const running = await startServer({ store: true, env: ENV });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await fetch(`${running.url}/api/admin/offerings`, { headers: { Authorization: `Bearer guess-${i}` } })).status);
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      const right = await fetch(`${running.url}/api/admin/offerings`, { headers: { Authorization: `Bearer ${ALICE}` } });
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await running.stop();
    }
  });
});

describe('admins in Teams', () => {
  const TENANT = '11111111-1111-4111-8111-111111111111';
  const ADMIN = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
  const teams = (text: string) =>
    message(text, {
      channelId: 'msteams',
      locale: 'en-US',
      conversation: { id: 'a:admin', conversationType: 'personal' },
      from: { id: '29:admin', aadObjectId: ADMIN },
      channelData: { tenant: { id: TENANT } },
    });

  it('kb status names the published version; kb reload serves a version published elsewhere', async () => {
    // No timer sync here: only `kb reload` can pick the new version up.
    const running = await startServer({ store: true, env: { ALLOWED_TENANT_IDS: TENANT, ADMIN_AAD_OBJECT_IDS: ADMIN, KNOWLEDGE_SYNC_SECONDS: '3600' } });
    try {
      const status = (await post(running.url, teams('kb status'))).replies.map((r) => r.text).join('\n');
      expect(status).toMatch(/Published version #1, on .*, by seed\./);
      expect((await post(running.url, teams('kb reload'))).replies[0]!.text).toMatch(/^Nothing new/);

      // Another instance (or `npm run kb -- import`) publishes version 2 in the same store.
      const other = new KnowledgeStore(running.storage);
      await other.putDraft('atelier-zanzibar', sampleOffering({ keywords: { fr: ['zanzibar'], en: ['zanzibar'] } }), { who: 'elsewhere' });
      await other.publish({ who: 'elsewhere' });
      expect(JSON.stringify((await post(running.url, message('zanzibar', { conversation: { id: 'z1' } }))).replies)).not.toContain('atelier-zanzibar');

      expect((await post(running.url, teams('kb reload'))).replies[0]!.text).toMatch(
        new RegExp(`^Knowledge base reloaded: version [0-9a-f]+, ${REAL_OFFERINGS + 1} services\\.$`),
      );
      expect(JSON.stringify((await post(running.url, message('zanzibar', { conversation: { id: 'z2' } }))).replies)).toContain('atelier-zanzibar');
      expect((await post(running.url, teams('kb status'))).replies[0]!.text).toMatch(`${REAL_OFFERINGS + 1} services`);
    } finally {
      await running.stop();
    }
  });
});
