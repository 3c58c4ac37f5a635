import type { i18n } from 'i18next';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Organization } from '../knowledge/organization-schema';
import { LANGUAGES, type Language } from '../knowledge/vocabulary';
import type { NoticeWriter } from '../referrals/referral-dispatch';
import type { Referral } from '../referrals/referral-schema';

const NAMESPACE = 'partner';

/**
 * The emails to a receiving organization, in French then English: the reference, the service
 * (not for a discreet referral), the person's language and the link; never the person's facts.
 */
export function noticeWriter(i18n: i18n, kb: () => KnowledgeBase): NoticeWriter {
  const t = (lang: Language) => i18n.getFixedT(lang, NAMESPACE);
  const both = (make: (lang: Language) => string, separator: string) => LANGUAGES.map(make).join(separator);
  const offeringName = (r: Referral, lang: Language) =>
    r.discreet ? t(lang)('notice.oneOfYourServices') : (kb().get(r.offeringId)?.name[lang] ?? r.offeringId);
  const expires = (r: Referral, lang: Language) =>
    new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'long', timeZone: 'America/Toronto' }).format(new Date(r.link!.expiresAt));
  return {
    sent: (r: Referral, org: Organization, link: string) => ({
      subject: both((l) => t(l)('notice.subject', { reference: r.reference }), ' / '),
      text: both(
        (l) =>
          `${t(l)('notice.body', {
            reference: r.reference,
            offering: offeringName(r, l),
            organization: org.name[l],
            language: t(l)(`languages.${r.language}`),
            expires: expires(r, l),
            link,
          })}\n\n${t(l)('notice.signature')}`,
        '\n\n— — —\n\n',
      ),
      language: 'fr, en',
    }),
    withdrawn: (r: Referral) => ({
      subject: both((l) => t(l)('notice.withdrawnSubject', { reference: r.reference }), ' / '),
      text: both((l) => `${t(l)('notice.withdrawnBody', { reference: r.reference })}\n\n${t(l)('notice.signature')}`, '\n\n— — —\n\n'),
      language: 'fr, en',
    }),
  };
}
