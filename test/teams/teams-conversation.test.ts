import { randomUUID } from 'node:crypto';
import { post, startServer, type Running } from '../server/harness';
import { ConnectorStandIn, type Recorded } from './connector-stand-in';
import { REAL_OFFERINGS } from '../helpers/knowledge-fixture';

const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const ADMIN = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const CASEWORKER = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const COLLEAGUE = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

interface User {
  aad: string;
  tenant: string;
  locale?: string;
}

/**
 * Teams-shaped activities posted to /api/messages, replies recorded by a local Bot Connector
 * stand-in (the activities' serviceUrl), as Teams would see them.
 */
describe('Passerelle in Teams', () => {
  const connector = new ConnectorStandIn();
  let running: Running;

  beforeAll(async () => {
    await connector.start();
    running = await startServer({ env: { ALLOWED_TENANT_IDS: TENANT.toUpperCase(), ADMIN_AAD_OBJECT_IDS: ADMIN } });
  });
  afterAll(async () => {
    await running.stop();
    await connector.stop();
  });

  function activity(user: User, fields: Record<string, unknown>): Record<string, unknown> {
    return {
      type: 'message',
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id: `a:personal-${user.aad}-${user.tenant}`, conversationType: 'personal', tenantId: user.tenant },
      from: { id: `29:${user.aad}`, aadObjectId: user.aad, name: 'Some One' },
      recipient: { id: '28:passerelle', name: 'Passerelle' },
      channelData: { tenant: { id: user.tenant } },
      ...(user.locale ? { locale: user.locale } : {}),
      ...fields,
    };
  }

  /** Posts one activity; resolves with what the bot sent through the connector during the turn. */
  async function turn(user: User, fields: Record<string, unknown>): Promise<Recorded[]> {
    const mark = connector.recorded.length;
    const res = await post(running.url, activity(user, fields));
    expect(res.status).toBe(200);
    return connector.since(mark);
  }
  const say = (user: User, text: string) => turn(user, { text });
  const click = (user: User, value: Record<string, unknown>, replyToId?: string) => turn(user, { value, ...(replyToId ? { replyToId } : {}) });
  const texts = (recorded: Recorded[]) => recorded.map((r) => r.activity.text ?? '');
  const buttons = (r: Recorded) => JSON.stringify(r.activity.attachments ?? []).match(/"title":"[^"]+"/g) ?? [];

  it('welcomes on installation in a personal chat, in the language Teams gives', async () => {
    const fr = await turn({ aad: CASEWORKER, tenant: TENANT }, { type: 'installationUpdate', action: 'add', locale: 'fr-CA' });
    expect(texts(fr)[0]).toMatch(/^Bonjour! Je suis Passerelle/);
    const en = await turn({ aad: COLLEAGUE, tenant: TENANT }, { type: 'installationUpdate', action: 'add', locale: 'en-US' });
    expect(texts(en)[0]).toMatch(/^Hello! I'm Passerelle/);
    // In a team, installation says nothing.
    const team = await turn(
      { aad: COLLEAGUE, tenant: TENANT },
      { type: 'installationUpdate', action: 'add', conversation: { id: '19:team', conversationType: 'channel' } },
    );
    expect(team).toEqual([]);
    // No locale on the activity: the clientInfo entity's.
    const info = await turn({ aad: COLLEAGUE, tenant: TENANT }, { text: 'help', entities: [{ type: 'clientInfo', locale: 'en-US' }] });
    expect(texts(info)[0]).toMatch(/^Here is what I can do/);
  });

  it('gives a caseworker of an allowed tenant the Refer button and a referral, consented, listed as theirs only', async () => {
    const cw: User = { aad: CASEWORKER, tenant: TENANT, locale: 'en-US' };
    const results = await say(cw, 'French classes');
    const card = results.find((r) => r.activity.attachments?.length)!;
    expect(buttons(card)).toEqual(expect.arrayContaining(['"title":"Details"', '"title":"Check eligibility"', '"title":"Refer"']));

    const preview = await click(cw, { verb: 'refer', offeringId: 'francisation-quebec' });
    expect(texts(preview).join('\n')).toContain('In which language should the referral letter be written?');
    const consent = await say(cw, 'Letter in English');
    expect(texts(consent).join('\n')).toContain('Does the person explicitly consent');
    const created = await say(cw, 'Yes');
    const reference = /Referral (PAS-[A-Z0-9]{4}-[A-Z0-9]{4}) created/.exec(texts(created).join('\n'))?.[1];
    expect(reference).toBeDefined();

    const mine = await say(cw, 'my referrals');
    expect(JSON.stringify(mine)).toContain(reference);
    // A colleague in the same tenant sees none of it.
    const theirs = await say({ aad: COLLEAGUE, tenant: TENANT, locale: 'en-US' }, 'my referrals');
    expect(texts(theirs).join('\n')).toContain("You haven't made any referral yet.");
    expect(JSON.stringify(theirs)).not.toContain(reference);
  });

  it("gives users of other tenants the newcomer experience and a clear refusal, never anyone's referrals", async () => {
    const outsider: User = { aad: CASEWORKER, tenant: OTHER_TENANT, locale: 'en-US' };
    const results = await say(outsider, 'French classes');
    const card = results.find((r) => r.activity.attachments?.length)!;
    expect(buttons(card)).toContain('"title":"Am I eligible?"');
    expect(buttons(card).join()).not.toContain('Refer');
    // Same object id as the caseworker above, but another tenant: still nothing.
    expect(texts(await say(outsider, 'my referrals'))).toEqual(['Referrals are for caseworkers only.']);
    const refer = await click(outsider, { verb: 'refer', offeringId: 'francisation-quebec' });
    expect(texts(refer)[0]).toMatch(/^To get this service, here is how:/);
    // No tenant at all (a forged or odd activity): the same.
    expect(texts(await turn({ aad: ADMIN, tenant: TENANT, locale: 'en-US' }, { text: 'my referrals', channelData: {} }))).toEqual([
      'Referrals are for caseworkers only.',
    ]);
  });

  it('updates an answered question card in place: its buttons go away', async () => {
    const cw: User = { aad: CASEWORKER, tenant: TENANT, locale: 'fr-CA' };
    const first = await click(cw, { verb: 'eligibility', offeringId: 'ramq-assurance-maladie' });
    const question = first.find((r) => JSON.stringify(r.activity.attachments ?? []).includes('"verb":"answer"'))!;
    expect(question).toBeDefined();
    // "Je ne sais pas" is on every question card, whatever the question's type.
    const data = JSON.stringify(question.activity.attachments).match(/"data":(\{"verb":"answer","fact":"[^"]+","special":"dontKnow"\})/)![1]!;
    const replyToId = `msg-${connector.recorded.indexOf(question) + 1}`;
    const answered = await click(cw, JSON.parse(data) as Record<string, unknown>, replyToId);
    const update = answered.find((r) => r.method === 'PUT')!;
    expect(update.activityId).toBe(replyToId);
    const updated = JSON.stringify(update.activity.attachments);
    expect(updated).toContain('Réponse : Je ne sais pas');
    expect(updated).not.toContain('Action.Submit');
    // ... and the next question follows as a new message.
    expect(answered.some((r) => r.method === 'POST' && JSON.stringify(r.activity.attachments ?? []).includes('"verb":"answer"'))).toBe(true);
  });

  it('takes a caseworker from a one-line request to results, in French and English: facts read by meaning, need first, summary with "change"', async () => {
    for (const [locale, request, need, understood, heading] of [
      [
        'en-US',
        'check eligibility for a 34-year-old PR in Laval',
        'Work',
        'Understood: Immigration status: Permanent resident ; Region: Laval ; Age: 34 years.',
        'For the need: Work.',
      ],
      [
        'fr-CA',
        "vérifier l'admissibilité d'une RP de 34 ans à Laval",
        'emploi',
        "Compris : Statut d'immigration : Résident·e permanent·e ; Région : Laval ; Âge : 34 ans.",
        'Pour le besoin : Emploi.',
      ],
    ] as const) {
      const cw: User = { aad: randomUUID(), tenant: TENANT, locale };
      let replies = await say(cw, request);
      expect(texts(replies)).toContain(understood);
      const card = (r: Recorded[]) => JSON.stringify(r[r.length - 1]!.activity.attachments ?? []);
      expect(card(replies)).toContain('"fact":"need"');
      expect(card(replies)).toMatch(/"text":"Question 1 \(/);
      replies = await say(cw, need);
      for (let n = 0; n < 40 && card(replies).includes('"verb":"answer"'); n++) {
        const fact = /"verb":"answer","fact":"(\w+)"/.exec(card(replies))![1]!;
        replies = await click(cw, { verb: 'answer', fact, special: 'dontKnow' });
      }
      const results = card(replies);
      expect(results).toContain(heading);
      expect(results).toContain('{"verb":"changeAnswer","fact":"age"}');
      // Under Teams' message limit and its six buttons per row.
      expect(JSON.stringify(replies[replies.length - 1]!.activity).length * 2).toBeLessThan(28_000);
      replies = await click(cw, { verb: 'changeAnswer', fact: 'age' });
      expect(card(replies)).toContain('"fact":"age"');
      replies = await say(cw, locale === 'fr-CA' ? 'elle a 40 ans' : 'she is 40');
      expect(card(replies)).toContain(locale === 'fr-CA' ? 'Âge : 40 ans' : 'Age: 40 years');
    }
  });

  it('answers kb status and kb reload to admins only', async () => {
    const admin: User = { aad: ADMIN.toUpperCase(), tenant: TENANT, locale: 'en-US' };
    const status = texts(await say(admin, 'kb status')).join('\n');
    expect(status).toMatch(new RegExp(`^Knowledge base: version [0-9a-f]+, ${REAL_OFFERINGS} services\\.`));
    expect(status).toMatch(/reviewed/);
    expect(texts(await say(admin, 'kb reload'))[0]).toMatch(/^Nothing new: version [0-9a-f]+ is already served\.$/);
    const fr = texts(await say({ ...admin, locale: 'fr-CA' }, 'kb status')).join('\n');
    expect(fr).toMatch(/^Base de connaissances : version/);

    for (const user of [
      { aad: CASEWORKER, tenant: TENANT, locale: 'en-US' },
      { aad: ADMIN, tenant: OTHER_TENANT, locale: 'en-US' },
    ]) {
      // (The caseworker has a check in progress: after the refusal, its question is asked again.)
      expect(texts(await say(user, 'kb status'))[0]).toBe('This command is for knowledge base admins only.');
      expect(texts(await say(user, 'kb reload'))[0]).toBe('This command is for knowledge base admins only.');
    }
  });

  it('shows a caseworker a short safety card on a crisis message, and keeps the check in progress', async () => {
    const cw: User = { aad: COLLEAGUE, tenant: TENANT, locale: 'en-US' };
    const started = await click(cw, { verb: 'eligibility', offeringId: 'aide-sociale' });
    const question = /"verb":"answer","fact":"(\w+)"/.exec(JSON.stringify(started.map((r) => r.activity.attachments ?? [])))?.[1];
    expect(question).toBeDefined();

    const safety = await say(cw, 'my client says her husband beats her and she wants to die');
    expect(safety).toHaveLength(1);
    const card = JSON.stringify(safety[0]!.activity.attachments);
    expect(card).toContain("The person's safety first");
    expect(card).toContain('1 866 APPELLE');
    expect(card).toContain('SOS violence conjugale');
    expect(card).toContain('The check in progress is kept');
    // Teams does not dial tel: links: no markdown link in the card.
    expect(card).not.toContain('](tel:');

    const resumed = await click(cw, { verb: 'resume' });
    expect(texts(resumed)[0]).toBe("Let's pick up where we were:");
    expect(JSON.stringify(resumed.map((r) => r.activity.attachments ?? []))).toContain(`"verb":"answer","fact":"${question}"`);
  });
});
