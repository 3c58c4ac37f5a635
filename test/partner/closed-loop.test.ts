import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { createLogger } from '../../src/log/logger';
import { LinkSigner } from '../../src/referrals/referral-link';
import { ReferralStore } from '../../src/referrals/referral-store';
import { accessibilityViolations, launchChromium } from '../helpers/chromium';
import { startSmtp, type CaughtMail } from '../helpers/smtp';
import { post, startServer, type Running } from '../server/harness';
import { ConnectorStandIn, type Recorded } from '../teams/connector-stand-in';

jest.setTimeout(120_000);

const TENANT = '11111111-1111-4111-8111-111111111111';
const CASEWORKER = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const sha = (t: string) => createHash('sha256').update(t).digest('hex');

/**
 * The whole loop: a referral made in a Teams-shaped conversation → the notice caught by a local
 * SMTP server → the organization's page opened in Chromium from the link → accept → the
 * caseworker's Teams conversation gets a proactive message through the Bot Connector stand-in →
 * close with an outcome → the report counts it. And the links that must not work.
 */
describe('closed-loop referrals', () => {
  const connector = new ConnectorStandIn();
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let running: Running;
  let browser: Browser;
  const logs: string[] = [];

  beforeAll(async () => {
    await connector.start();
    smtp = await startSmtp();
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    running = await startServer({
      store: true,
      env: {
        ALLOWED_TENANT_IDS: TENANT,
        SMTP_URL: smtp.url,
        REFERRAL_FROM: 'Passerelle <references@passerelle.test>',
        ADMIN_TOKEN_HASHES: `admin:${sha(ADMIN_TOKEN)}`,
      },
      logger: createLogger({ LOG_LEVEL: 'info' }, stream),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await smtp?.stop();
    await connector.stop();
  });

  const conversation = `a:personal-${CASEWORKER}`;
  async function turn(fields: Record<string, unknown>): Promise<Recorded[]> {
    const mark = connector.recorded.length;
    const res = await post(running.url, {
      type: 'message',
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      locale: 'fr-CA',
      conversation: { id: conversation, conversationType: 'personal', tenantId: TENANT },
      from: { id: `29:${CASEWORKER}`, aadObjectId: CASEWORKER, name: 'Intervenante' },
      recipient: { id: '28:passerelle', name: 'Passerelle' },
      channelData: { tenant: { id: TENANT } },
      ...fields,
    });
    expect(res.status).toBe(200);
    return connector.since(mark);
  }
  const texts = (r: Recorded[]) => r.map((x) => x.activity.text ?? '').join('\n');
  const waitFor = async <T>(probe: () => T | undefined, what: string, ms = 10_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = probe();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const linkIn = (mail: CaughtMail) => /(http:\/\/\S+\/partner\/referrals\/\S+)/.exec(mail.text)![1]!;
  async function refer(offeringId: string): Promise<{ reference: string; mail: CaughtMail; link: string }> {
    const before = smtp.mails.length;
    await turn({ value: { verb: 'refer', offeringId } });
    await turn({ text: 'Lettre en français' });
    const consent = await turn({ text: 'oui' });
    const reference = /Référence (PAS-[A-Z0-9]{4}-[A-Z0-9]{4}) créée/.exec(texts(consent))![1]!;
    const mail = await waitFor(() => smtp.mails[before], 'the notice');
    return { reference, mail, link: linkIn(mail) };
  }

  it('goes from Teams to the organization and back, and the report counts it', async () => {
    // The consent says what is sent, to whom, for how long, and how to withdraw.
    await turn({ value: { verb: 'refer', offeringId: 'francisation-quebec' } });
    const ask = texts(await turn({ text: 'Lettre en français' }));
    expect(ask).toContain('Passerelle envoie à MIFI — Accompagnement Québec un court avis par courriel');
    expect(ask).toContain('conservée 365 jours');
    expect(ask).toContain('Retirer');
    const consent = await turn({ text: 'oui' });
    const reference = /Référence (PAS-[A-Z0-9]{4}-[A-Z0-9]{4}) créée/.exec(texts(consent))![1]!;
    expect(texts(consent)).toContain('Envoyée à MIFI — Accompagnement Québec');
    // The letter says who has the reference now, and whom to call back.
    expect(texts(consent)).toContain('MIFI — Accompagnement Québec a reçu cette référence et son numéro');
    expect(texts(consent)).toContain('Votre intervenant·e : Intervenante');

    // The notice: to the organization's address, bilingual, the reference and a link, nothing about the person.
    const mail = await waitFor(() => smtp.mails.find((m) => m.subject.includes(reference)), 'the notice');
    expect(mail.to).toEqual(['accompagnement.references@example.org']);
    expect(mail.from).toBe('references@passerelle.test');
    expect(mail.subject).toBe(`Nouvelle référence ${reference} / New referral ${reference}`);
    expect(mail.text).toContain('Bonjour,');
    expect(mail.text).toContain('Hello,');
    const link = linkIn(mail);
    const stored = (await new ReferralStore(running.storage).all()).find((r) => r.reference === reference)!;
    expect(stored.status).toBe('sent');

    // The organization opens the link: only this referral, in its language, accessible, at phone width.
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${link}?lang=fr`);
    await page.locator('h1', { hasText: `Référence ${reference}` }).waitFor();
    expect(await page.locator('dd', { hasText: 'Francisation Québec' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    // Accept: the caseworker is told in their Teams conversation, by a proactive message.
    const mark = connector.recorded.length;
    await page.click('button:has-text("Accepter la référence")');
    await page.locator('.notice', { hasText: 'Merci' }).waitFor();
    const told = await waitFor(() => connector.since(mark).find((r) => r.activity.text?.includes(reference)), 'the proactive message');
    expect(told.conversationId).toBe(conversation);
    expect(told.activity.text).toBe(`Référence ${reference} (Francisation Québec — cours de français gratuits) : acceptée par MIFI — Accompagnement Québec.`);

    // Close with an outcome; an empty outcome is refused with the reason.
    await page.evaluate("document.querySelector('#outcome').removeAttribute('required')");
    await page.click('button:has-text("Fermer la référence")');
    await page.locator('.notice', { hasText: 'Choisissez comment' }).waitFor();
    await page.selectOption('#outcome', 'service-started');
    const mark2 = connector.recorded.length;
    await page.click('button:has-text("Fermer la référence")');
    await page.locator('.notice', { hasText: 'Merci' }).waitFor();
    await waitFor(() => connector.since(mark2).find((r) => r.activity.text?.includes('fermée')), 'the closing message');
    expect(await page.locator('text=Plus rien à faire').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The report counts it: closed, its outcome.
    const report = (await (await fetch(`${running.url}/api/admin/reports/referrals`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
      byStatus: { key: string; count: number }[];
    };
    expect(report.byStatus).toContainEqual({ key: 'closed', count: 1 });
    const closed = (await new ReferralStore(running.storage).all()).find((r) => r.reference === reference)!;
    expect(closed.events.map((e) => `${e.to}:${e.actor.kind}`)).toEqual(['created:caseworker', 'sent:system', 'accepted:organization', 'closed:organization']);
    expect(closed.outcome).toBe('service-started');
  });

  it('refuses a tampered, expired, revoked, other-organization or unknown link with the same 403', async () => {
    const { link } = await refer('francisation-quebec');
    const status = async (url: string) => (await fetch(url)).status;
    expect(await status(link)).toBe(200);
    const token = link.split('/').at(-1)!;
    const parts = token.split('.');
    const base = link.slice(0, link.length - token.length);
    // One character changed in the signature, then in the referral id.
    const flipped = parts[4]!.startsWith('A') ? `B${parts[4]!.slice(1)}` : `A${parts[4]!.slice(1)}`;
    expect(await status(base + [...parts.slice(0, 4), flipped].join('.'))).toBe(403);
    expect(await status(base + ['00000000-0000-4000-8000-000000000000', ...parts.slice(1)].join('.'))).toBe(403);
    // Correctly signed (the key is in the storage) but for another organization, an unknown referral, or expired.
    const item = (await running.storage.read(['referrals/link-key']))['referrals/link-key'] as { key: string };
    const signer = new LinkSigner(Buffer.from(item.key, 'base64url'));
    const [referralId, , nonce, expires] = parts as [string, string, string, string];
    expect(await status(base + signer.sign({ referralId, organizationId: 'praida', nonce, expires: Number(expires) }))).toBe(403);
    expect(await status(base + signer.sign({ referralId: randomUUID(), organizationId: 'mifi-accompagnement-quebec', nonce, expires: Number(expires) }))).toBe(
      403,
    );
    expect(await status(base + signer.sign({ referralId, organizationId: 'mifi-accompagnement-quebec', nonce, expires: 1_000_000_000 }))).toBe(403);
    // Revoked: the caseworker withdraws it; the organization is told, the link stops working.
    const before = smtp.mails.length;
    const mine = JSON.stringify(await turn({ text: 'mes références' }));
    expect(mine).toContain(`"referralId":"${referralId}","status":"withdrawn"`);
    await turn({ value: { verb: 'referralStatus', referralId, status: 'withdrawn' } });
    expect(await status(link)).toBe(403);
    const notice = await waitFor(() => smtp.mails[before], 'the withdrawal notice');
    expect(notice.subject).toContain('retirée');
    const body = await (await fetch(link)).text();
    expect(body).toContain('Ce lien ne fonctionne pas');
    expect(body).not.toContain('PAS-');
  });

  it('shows the organization only the consented facts, and puts none in emails or logs', async () => {
    // A referral as the dialog makes it after a check (its facts are what justified it), sent by the sweep.
    const store = new ReferralStore(running.storage);
    const facts = { status: 'asylum-claimant', region: 'laval', age: 29 };
    const made = await store.create({ offeringId: 'francisation-quebec', facts, language: 'en', channel: 'msteams', caseworkerId: CASEWORKER, consent: true });
    await store.patch(made.id, { organizationId: 'mifi-accompagnement-quebec', link: { nonce: 'nonce-0123456789', expiresAt: '2099-01-01T00:00:00.000Z' } });
    const before = smtp.mails.length;
    expect((await running.app.sweepReferrals()).resent).toBe(1);
    const mail = smtp.mails[before]!;
    const page = await (await fetch(`${linkIn(mail)}?lang=en`)).text();
    // The page: the three consented facts, in words.
    expect(page).toContain('Asylum claimant');
    expect(page).toContain('Laval');
    expect(page).toContain('29');
    // The email and the logs: none of them.
    const words = ['asylum', 'Asylum', 'Demandeur', 'laval', 'Laval'];
    for (const w of words) expect(mail.text + mail.subject).not.toContain(w);
    const all = logs.join('');
    for (const w of words) expect(all).not.toContain(w);
    expect(all).not.toContain('Lettre en français');
    // The capability itself is never logged.
    expect(all).not.toContain(linkIn(mail).split('/').at(-1)!);
  });
});
