import type { Mailer, MailMessage } from '../mail/mailer';
import { organizationFor, type Organization } from '../knowledge/organization-schema';
import type { Logger } from '../log/logger';
import type { Organizations } from './organizations';
import { newNonce, type LinkSigner } from './referral-link';
import type { StatusEvent } from './referral-lifecycle';
import type { Referral } from './referral-schema';
import type { ReferralStore } from './referral-store';

/** The words of the notices (composed from the locales where i18n lives): subject and text only, never the client's facts. */
export interface NoticeWriter {
  sent(r: Referral, org: Organization, link: string): Omit<MailMessage, 'to'>;
  withdrawn(r: Referral, org: Organization): Omit<MailMessage, 'to'>;
}

/** Tells a caseworker, in their conversation with the bot, what happened to one of their referrals. */
export type TellCaseworker = (r: Referral, what: { event?: StatusEvent; reminder?: boolean }) => Promise<void>;

export interface DispatchDeps {
  referrals: ReferralStore;
  organizations: Organizations;
  /** Absent without SMTP_URL: referrals are handed over as letters. */
  mailer?: Mailer;
  signer: () => Promise<LinkSigner>;
  notices: NoticeWriter;
  /** The public address links start with (PUBLIC_URL, else the server's own). */
  publicUrl: () => string;
  linkDays: number;
  reminderDays: number;
  logger: Logger;
  now: () => Date;
}

export type DispatchResult =
  | { sent: true; organization: Organization; referral: Referral }
  | { sent: false; why: 'NoOrganization' | 'NoEmail' | 'NoMailer' | 'SendFailed'; organization?: Organization; referral: Referral };

const DAY_MS = 86_400_000;

/**
 * Sends a consented referral to the organization that serves it: a short notice by email with
 * a signed, expiring link to the referral's page; the referral becomes "sent" only once the SMTP
 * server took the message. A failure leaves it "created" (retried later), never lost.
 */
export class ReferralDispatch {
  constructor(private readonly deps: DispatchDeps) {}

  /** Who would receive a referral to `offeringId` for a client in `region`, and whether it goes by email. */
  async recipient(offeringId: string, region: unknown): Promise<{ organization: Organization; byEmail: boolean } | undefined> {
    const organization = organizationFor(await this.deps.organizations.list(), offeringId, region);
    return organization && { organization, byEmail: !!organization.referralEmail && !!this.deps.mailer };
  }

  /** The link an organization opens for `r` (its current nonce). */
  async linkOf(r: Referral): Promise<string | undefined> {
    if (!r.link || !r.organizationId) return undefined;
    const token = (await this.deps.signer()).sign({
      referralId: r.id,
      organizationId: r.organizationId,
      nonce: r.link.nonce,
      expires: Math.floor(Date.parse(r.link.expiresAt) / 1000),
    });
    return `${this.deps.publicUrl().replace(/\/$/, '')}/partner/referrals/${token}`;
  }

  async send(id: string): Promise<DispatchResult> {
    const { referrals, organizations, mailer, logger } = this.deps;
    let r = (await referrals.get(id))!;
    const organization = organizationFor(await organizations.list(), r.offeringId, r.facts['region']);
    if (!organization) return { sent: false, why: 'NoOrganization', referral: r };
    const expiresAt = new Date(this.deps.now().getTime() + this.deps.linkDays * DAY_MS).toISOString();
    r = await referrals.patch(id, { organizationId: organization.id, link: { nonce: newNonce(), expiresAt } });
    if (!organization.referralEmail) return { sent: false, why: 'NoEmail', organization, referral: r };
    if (!mailer) return { sent: false, why: 'NoMailer', organization, referral: r };
    try {
      await mailer.send({ to: organization.referralEmail, ...this.deps.notices.sent(r, organization, (await this.linkOf(r))!) });
    } catch (err) {
      // The reference and the organization only: never the address's message, which may quote the text.
      logger.warn({ referral: r.reference, organization: organization.id, code: (err as { code?: string }).code }, 'referral notice not sent: will try again');
      return { sent: false, why: 'SendFailed', organization, referral: r };
    }
    r = await referrals.apply(id, { to: 'sent', actor: { kind: 'system' } });
    logger.info({ referral: r.reference, organization: organization.id }, 'referral notice sent');
    return { sent: true, organization, referral: r };
  }

  /**
   * The caseworker withdraws a referral (the client changed their mind): its link stops working
   * at once, and the organization that had it is told.
   */
  async withdraw(caseworkerId: string, id: string, reason?: string): Promise<Referral> {
    const before = await this.deps.referrals.get(id);
    const r = await this.deps.referrals.setStatus(caseworkerId, id, 'withdrawn', reason);
    await this.deps.referrals.patch(id, { link: undefined });
    const organization = before?.organizationId ? await this.deps.organizations.get(before.organizationId) : undefined;
    if (before?.status !== 'created' && organization?.referralEmail && this.deps.mailer) {
      await this.deps.mailer
        .send({ to: organization.referralEmail, ...this.deps.notices.withdrawn(r, organization) })
        .catch((err: unknown) => this.deps.logger.warn({ referral: r.reference, code: (err as { code?: string }).code }, 'withdrawal notice not sent'));
    }
    return { ...r, link: undefined };
  }

  /**
   * Scheduled: sends again what could not be sent (created, with an organization that has an
   * address), and reminds caseworkers once of referrals the organization has not answered in
   * REFERRAL_REMINDER_DAYS.
   */
  async sweep(tell: TellCaseworker): Promise<{ resent: number; reminded: number }> {
    const { referrals, mailer, reminderDays, now } = this.deps;
    let resent = 0;
    let reminded = 0;
    for (const r of await referrals.all()) {
      if (r.status === 'created' && mailer && r.organizationId && r.link && (await this.send(r.id)).sent) resent++;
      const sentAt = [...r.events].reverse().find((e) => e.to === 'sent')?.at;
      if (r.status === 'sent' && !r.remindedAt && sentAt && now().getTime() - Date.parse(sentAt) >= reminderDays * DAY_MS) {
        await tell(r, { reminder: true });
        await referrals.patch(r.id, { remindedAt: now().toISOString() });
        reminded++;
      }
    }
    return { resent, reminded };
  }
}
