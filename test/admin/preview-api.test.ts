import { createHash } from 'node:crypto';
import { startServer, type Running } from '../server/harness';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const ALICE = 'alice-token-0123456789abcdef';

interface Card {
  lang: string;
  body: unknown[];
}
interface Profile {
  id: string;
  status?: string;
  reasons?: { fr: string; en: string }[];
  cards?: Record<string, Record<string, Card>>;
  error?: string;
}
interface Preview {
  views: { lang: string; audience: string; result: Card; details: Card }[];
  profiles: Profile[];
  retired: boolean;
}
interface Errors {
  code: string;
  errors: { path: string; message: string; file?: string }[];
}

/**
 * The console's preview: an offering as an editor has it (not saved) rendered by the bot's own
 * card builders in both languages and for both audiences, and the eligibility outcome of each
 * test profile; the profiles kept in the store, checked against facts.yaml.
 */
describe('the preview and the test profiles of the admin API', () => {
  let running: Running;
  const api = async <T>(path: string, { method = 'GET', body, lang }: { method?: string; body?: unknown; lang?: string } = {}) => {
    const res = await fetch(`${running.url}/api/admin${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${ALICE}`,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(lang && { 'Accept-Language': lang }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as T };
  };
  const live = async (id: string) => (await api<Record<string, unknown>>(`/offerings/${id}`)).json;

  beforeAll(async () => {
    running = await startServer({ store: true, env: { ADMIN_TOKEN_HASHES: `alice:${sha(ALICE)}` } });
  });
  afterAll(() => running?.stop());

  it('renders the unsaved offering as the bot would, per language and audience, and each profile’s outcome', async () => {
    const offering = await live('francisation-quebec');
    const edited = { ...offering, name: { fr: 'Francisation — aperçu', en: 'French courses — preview' } };
    const { status, json } = await api<Preview>('/preview', { method: 'POST', body: { id: 'francisation-quebec', offering: edited } });
    expect(status).toBe(200);
    expect(json.views.map((v) => `${v.lang}/${v.audience}`).sort()).toEqual(['en/caseworker', 'en/self', 'fr/caseworker', 'fr/self']);
    for (const v of json.views) {
      const name = v.lang === 'fr' ? 'Francisation — aperçu' : 'French courses — preview';
      expect(v.result.lang).toBe(v.lang);
      expect(JSON.stringify(v.result)).toContain(name);
      expect(JSON.stringify(v.details)).toContain(name);
      // Newcomers cannot refer: the Refer button is for caseworkers only.
      expect(JSON.stringify(v.result).includes('"verb":"refer"')).toBe(v.audience === 'caseworker');
    }
    // Nothing was saved: the bot and the API still have the live name.
    expect((await live('francisation-quebec')).name).toEqual(offering.name);

    // The seeded profiles (knowledge/test-profiles.yaml), each with an outcome and its card in both languages.
    expect(json.profiles.map((p) => p.id)).toEqual(['pr-montreal-recent', 'asylum-laval', 'worker-quebec', 'student-estrie', 'pr-seven-years']);
    for (const p of json.profiles) {
      expect(['eligible', 'unknown', 'ineligible']).toContain(p.status);
      expect(p.reasons!.length).toBeGreaterThan(0);
      expect(p.cards!.fr!.self!.lang).toBe('fr');
      expect(p.cards!.en!.caseworker!.lang).toBe('en');
      expect(JSON.stringify(p.cards!.en!.self)).not.toContain('"verb":"refer"');
    }
  });

  it('follows a rule changed in the form: the outcome is the new rule’s', async () => {
    const offering = await live('francisation-quebec');
    const onlyMontreal = { ...offering, eligibility: { ...(offering.eligibility as object), rules: { fact: 'region', in: ['montreal'] }, verify: [] } };
    const { json } = await api<Preview>('/preview', { method: 'POST', body: { id: 'francisation-quebec', offering: onlyMontreal } });
    const outcome = Object.fromEntries(json.profiles.map((p) => [p.id, p.status]));
    expect(outcome['pr-montreal-recent']).toBe('eligible');
    expect(outcome['asylum-laval']).toBe('ineligible');
    expect(outcome['student-estrie']).toBe('ineligible');
  });

  it('refuses what saving or publishing would refuse, with the field', async () => {
    const offering = await live('francisation-quebec');
    const badFormat = await api<Errors>('/preview', {
      method: 'POST',
      body: { id: 'francisation-quebec', offering: { ...offering, summary: { fr: '', en: 'x' } } },
    });
    expect(badFormat.status).toBe(422);
    expect(badFormat.json.errors.map((e) => e.path)).toContain('summary.fr');
    // In the admin's language, with the same message as saving in French.
    const inFrench = await api<Errors>('/preview', {
      method: 'POST',
      lang: 'fr-CA,fr;q=0.9',
      body: { id: 'francisation-quebec', offering: { ...offering, summary: { fr: '', en: 'x' } } },
    });
    const saving = await api<Errors>('/offerings/francisation-quebec', { method: 'PUT', lang: 'fr-CA', body: { ...offering, summary: { fr: '', en: 'x' } } });
    expect(inFrench.json.errors.find((e) => e.path === 'summary.fr')!.message).toBe(saving.json.errors.find((e) => e.path === 'summary.fr')!.message);
    expect(inFrench.json.errors.find((e) => e.path === 'summary.fr')!.message).not.toBe(badFormat.json.errors.find((e) => e.path === 'summary.fr')!.message);

    const unknownFact = { ...offering, eligibility: { ...(offering.eligibility as object), rules: { fact: 'shoeSize', min: 3 } } };
    const badRule = await api<Errors>('/preview', { method: 'POST', body: { id: 'francisation-quebec', offering: unknownFact } });
    expect(badRule.status).toBe(422);
    expect(badRule.json.errors[0]).toMatchObject({ file: 'offerings/francisation-quebec.yaml', path: 'eligibility.rules.fact' });

    expect((await api<Errors>('/preview', { method: 'POST', body: { offering } })).status).toBe(400);
  });

  it('keeps the test profiles in the store, checked against facts.yaml', async () => {
    const seeded = await api<{ profiles: { id: string }[] }>('/test-profiles');
    expect(seeded.json.profiles).toHaveLength(5);

    const bad = await api<Errors>('/test-profiles', {
      method: 'PUT',
      body: {
        profiles: [
          { id: 'x', name: { fr: 'X', en: 'X' }, facts: { status: 'martian' } },
          { id: 'Bad Id', name: { fr: 'Y', en: 'Y' }, facts: {} },
        ],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e) => e.path)).toEqual(['1.id']);
    const badFact = await api<Errors>('/test-profiles', {
      method: 'PUT',
      body: { profiles: [{ id: 'x', name: { fr: 'X', en: 'X' }, facts: { status: 'martian' } }] },
    });
    expect(badFact.status).toBe(422);
    expect(badFact.json.errors[0]!.path).toBe('0.facts.status');

    const one = [{ id: 'citizen-laval', name: { fr: 'Citoyenne, Laval', en: 'Citizen, Laval' }, facts: { status: 'citizen', region: 'laval', age: 30 } }];
    const saved = await api<{ profiles: unknown[]; updatedBy: string }>('/test-profiles', { method: 'PUT', body: { profiles: one } });
    expect(saved.status).toBe(200);
    expect(saved.json.updatedBy).toBe('alice');
    const offering = await live('francisation-quebec');
    const { json } = await api<Preview>('/preview', { method: 'POST', body: { id: 'francisation-quebec', offering } });
    expect(json.profiles.map((p) => p.id)).toEqual(['citizen-laval']);
  });

  it('gives the facts rules may test, for the rule editor', async () => {
    const { json } = await api<{ facts: Record<string, { type: string; options?: Record<string, unknown> }> }>('/facts');
    expect(json.facts['status']!.type).toBe('enum');
    expect(Object.keys(json.facts['region']!.options!)).toContain('montreal');
    expect(json.facts['age']!.type).toBe('number');
  });
});
