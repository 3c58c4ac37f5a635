import { createHash } from 'node:crypto';
import { startServer, type Running } from '../server/harness';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const TOKEN = 'alice-token-0123456789abcdef';

interface Doc {
  organizations: { id: string; referralEmail?: string }[];
  updatedBy?: string;
  warnings?: { path: string; message: string }[];
}
interface Errors {
  code: string;
  errors: { path: string; message: string }[];
}

/** The receiving organizations, edited whole by admins and checked against the offerings served. */
describe('receiving organizations through the admin API', () => {
  let running: Running;
  const api = async <T>(method: string, body?: unknown, lang?: string) => {
    const res = await fetch(`${running.url}/api/admin/organizations`, {
      method,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(lang && { 'Accept-Language': lang }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as T };
  };
  beforeAll(async () => {
    running = await startServer({ store: true, env: { ADMIN_TOKEN_HASHES: `alice:${sha(TOKEN)}` } });
  });
  afterAll(() => running?.stop());

  it('starts from knowledge/organizations.yaml, refuses a list naming an unknown offering, keeps a good one with its warnings', async () => {
    const seeded = await api<Doc>('GET');
    expect(seeded.json.organizations.map((o) => o.id)).toEqual(['mifi-accompagnement-quebec', 'services-quebec-emploi', 'praida']);

    const org = {
      id: 'cofi-laval',
      name: { fr: 'Organisme Laval', en: 'Laval organization' },
      languages: ['fr'],
      offerings: ['pasi'],
      regions: ['laval'],
      source: { url: 'https://www.quebec.ca/' },
    };
    const unknown = await api<Errors>('PUT', { organizations: [{ ...org, offerings: ['pasi', 'no-such-offering'] }] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toEqual([{ path: '0.offerings.1', message: 'no offering "no-such-offering"' }]);
    const badRegion = await api<Errors>('PUT', { organizations: [{ ...org, regions: ['atlantis'] }] }, 'fr-CA');
    expect(badRegion.status).toBe(422);
    expect(badRegion.json.errors[0]!.path).toBe('0.regions.0');
    expect(badRegion.json.errors[0]!.message).toMatch(/^doit être/);

    const saved = await api<Doc>('PUT', { organizations: [{ ...org, referralEmail: 'references@example.org' }] });
    expect(saved.status).toBe(200);
    expect(saved.json.updatedBy).toBe('alice');
    expect(saved.json.warnings![0]!.path).toBe('0.referralEmail');
    expect((await api<Doc>('GET')).json.organizations.map((o) => o.id)).toEqual(['cofi-laval']);
  });
});
