import { MemoryStorage } from 'botbuilder';
import { createLogger } from '../../src/log/logger';
import type { Mailer, MailMessage } from '../../src/mail/mailer';
import type { Organization } from '../../src/knowledge/organization-schema';
import { Organizations } from '../../src/referrals/organizations';
import { ReferralDispatch, type TellCaseworker } from '../../src/referrals/referral-dispatch';
import { LinkSigner } from '../../src/referrals/referral-link';
import { ReferralStore } from '../../src/referrals/referral-store';

const DAY = 86_400_000;
const org = (id: string, fields: Partial<Organization> = {}): Organization => ({
  id,
  name: { fr: id, en: id },
  languages: ['fr'],
  referralEmail: `${id}@organisme.test`,
  offerings: ['francisation-quebec'],
  regions: 'all',
  source: { url: 'https://www.quebec.ca/' },
  ...fields,
});

function setup(organizations: Organization[], mailer?: Mailer) {
  let now = Date.parse('2026-12-01T10:00:00.000Z');
  const clock = () => new Date(now);
  const storage = new MemoryStorage();
  const referrals = new ReferralStore(storage, clock);
  const dispatch = new ReferralDispatch({
    referrals,
    organizations: new Organizations(storage, organizations, clock),
    mailer,
    signer: () => Promise.resolve(new LinkSigner(Buffer.alloc(32, 7))),
    notices: { sent: (r, _o, link) => ({ subject: r.reference, text: link }), withdrawn: (r) => ({ subject: `withdrawn ${r.reference}`, text: '' }) },
    publicUrl: () => 'https://passerelle.example.ca/',
    linkDays: 30,
    reminderDays: 7,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
    now: clock,
  });
  const make = (region?: string) =>
    referrals.create({
      offeringId: 'francisation-quebec',
      facts: region ? { region } : {},
      language: 'fr',
      channel: 'msteams',
      caseworkerId: 'cw',
      consent: true,
    });
  return { referrals, dispatch, make, advance: (ms: number) => (now += ms) };
}

const recording = () => {
  const sent: (MailMessage & { to: string })[] = [];
  let failing = false;
  const mailer: Mailer = {
    send: (m) => (failing ? Promise.reject(Object.assign(new Error('451 try later'), { code: 'EENVELOPE' })) : (sent.push(m), Promise.resolve())),
  };
  return { mailer, sent, fail: (on: boolean) => (failing = on) };
};

describe('sending referrals to the receiving organization', () => {
  it('sends to the organization of the client’s region first, then to one serving every region', async () => {
    const mail = recording();
    const { dispatch, make } = setup([org('province'), org('laval-org', { regions: ['laval'] })], mail.mailer);
    const inLaval = await dispatch.send((await make('laval')).id);
    const elsewhere = await dispatch.send((await make('estrie')).id);
    expect(inLaval).toMatchObject({ sent: true, organization: { id: 'laval-org' }, referral: { status: 'sent', organizationId: 'laval-org' } });
    expect(elsewhere).toMatchObject({ sent: true, organization: { id: 'province' } });
    expect(mail.sent.map((m) => m.to)).toEqual(['laval-org@organisme.test', 'province@organisme.test']);
    expect(mail.sent[0]!.text).toMatch(/^https:\/\/passerelle\.example\.ca\/partner\/referrals\/[\w.-]+$/);
  });

  it('says why a referral is not sent, and leaves it created', async () => {
    const none = setup([org('other', { offerings: ['praida'] })], recording().mailer);
    expect(await none.dispatch.send((await none.make()).id)).toMatchObject({ sent: false, why: 'NoOrganization', referral: { status: 'created' } });
    const noEmail = setup([org('quiet', { referralEmail: undefined })], recording().mailer);
    expect(await noEmail.dispatch.send((await noEmail.make()).id)).toMatchObject({
      sent: false,
      why: 'NoEmail',
      referral: { status: 'created', organizationId: 'quiet' },
    });
    const noMailer = setup([org('province')]);
    expect(await noMailer.dispatch.send((await noMailer.make()).id)).toMatchObject({ sent: false, why: 'NoMailer' });
  });

  it('keeps a referral the mail server refused, and the sweep sends it once the server takes it', async () => {
    const mail = recording();
    const { dispatch, make, referrals } = setup([org('province')], mail.mailer);
    mail.fail(true);
    const r = await make();
    expect(await dispatch.send(r.id)).toMatchObject({ sent: false, why: 'SendFailed', referral: { status: 'created' } });
    const tell: TellCaseworker = () => Promise.resolve();
    expect(await dispatch.sweep(tell)).toEqual({ resent: 0, reminded: 0 });
    mail.fail(false);
    expect(await dispatch.sweep(tell)).toEqual({ resent: 1, reminded: 0 });
    expect((await referrals.get(r.id))!.status).toBe('sent');
    expect(await dispatch.sweep(tell)).toEqual({ resent: 0, reminded: 0 });
  });

  it('reminds the caseworker once when the organization has not answered in REFERRAL_REMINDER_DAYS', async () => {
    const mail = recording();
    const { dispatch, make, advance } = setup([org('province')], mail.mailer);
    const r = await make();
    await dispatch.send(r.id);
    const told: string[] = [];
    const tell: TellCaseworker = (ref, what) => (told.push(`${ref.reference} ${what.reminder ? 'reminder' : ''}`), Promise.resolve());
    advance(6 * DAY);
    expect((await dispatch.sweep(tell)).reminded).toBe(0);
    advance(1 * DAY);
    expect((await dispatch.sweep(tell)).reminded).toBe(1);
    advance(3 * DAY);
    expect((await dispatch.sweep(tell)).reminded).toBe(0);
    expect(told).toEqual([`${r.reference} reminder`]);
  });

  it('revokes the link on withdrawal and tells the organization that had it', async () => {
    const mail = recording();
    const { dispatch, make, referrals } = setup([org('province')], mail.mailer);
    const r = await make();
    await dispatch.send(r.id);
    const link = await dispatch.linkOf((await referrals.get(r.id))!);
    const withdrawn = await dispatch.withdraw('cw', r.id);
    expect(withdrawn.status).toBe('withdrawn');
    expect((await referrals.get(r.id))!.link).toBeUndefined();
    expect(await dispatch.linkOf((await referrals.get(r.id))!)).toBeUndefined();
    expect(link).toBeDefined();
    expect(mail.sent.map((m) => m.subject)).toEqual([r.reference, `withdrawn ${r.reference}`]);
    await expect(dispatch.withdraw('someone-else', r.id)).rejects.toThrow();
  });
});
