import type { LoadedOffering } from '../knowledge/offering-schema';
import { regionalContact, type RegionalContact } from '../knowledge/regional-contact';
import type { Language } from '../knowledge/vocabulary';
import type { Translate } from '../eligibility/reasons';
import type { Referral } from './referral-schema';

/**
 * The plain-text referral letter a caseworker gives the client, in the client's language:
 * the offering, how to reach it, what to bring, the next steps and the reference number.
 * `t` is i18next's fixed `t` for the client's language and the `referral` namespace.
 */
export interface LetterExtras {
  /** The receiving organization's name in the letter's language, once the referral was sent to it. */
  organization?: string;
  /** The caseworker's name as their channel gives it (Teams), for the client to know whom to call back. */
  caseworker?: string;
}

export function referralLetter(referral: Referral, offering: LoadedOffering, t: Translate, extras: LetterExtras = {}): string {
  const lang = referral.language;
  const date = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'long', timeZone: 'America/Toronto' }).format(
    new Date(referral.createdAt),
  );
  if (referral.discreet) return discreetLetter(referral, offering, t, date);
  const lines: string[] = [
    t('letter.reference', { reference: referral.reference }),
    t('letter.date', { date }),
    '',
    t('letter.subject', { offering: offering.name[lang] }),
    '',
    t('letter.greeting'),
    '',
    t('letter.intro', { offering: offering.name[lang], provider: offering.provider.name[lang] }),
    offering.summary[lang],
    ...(extras.organization ? ['', t('letter.sentTo', { organization: extras.organization })] : []),
    '',
    t('letter.howTo'),
  ];
  // The client's own point of service first, when the offering's differ by region.
  const own = regionalContact(offering, referral.facts.region);
  if (own) lines.push(...regionalLetterLines(own, lang, t), '');
  lines.push(offering.access.howTo[lang]);
  for (const p of offering.access.phones) lines.push(t('letter.phone', { number: p.number, label: p.label ? ` (${p.label[lang]})` : '' }));
  if (offering.access.url) lines.push(t('letter.website', { url: offering.access.url }));
  if (offering.access.address) lines.push(t('letter.address', { address: offering.access.address }));
  lines.push('', t('letter.cost', { cost: offering.cost.free ? t('letter.free') : t('letter.notFree') }));
  if (offering.cost.notes) lines.push(offering.cost.notes[lang]);
  if (offering.documents.length > 0) {
    lines.push('', t('letter.documents'), ...offering.documents.map((d) => `- ${d[lang]}`));
  }
  lines.push('', t('letter.nextSteps'), `1. ${t('letter.step1', { reference: referral.reference })}`);
  if (offering.documents.length > 0) lines.push(`2. ${t('letter.step2')}`);
  lines.push(`${offering.documents.length > 0 ? 3 : 2}. ${t('letter.step3')}`);
  if (extras.caseworker) lines.push(t('letter.caseworker', { name: extras.caseworker }));
  lines.push('', t('letter.closing'));
  return lines.join('\n');
}

function regionalLetterLines(r: RegionalContact, lang: Language, t: Translate): string[] {
  const lines = [r.name[lang]];
  for (const p of r.phones) lines.push(t('letter.phone', { number: p.number, label: p.label ? ` (${p.label[lang]})` : '' }));
  if (r.url) lines.push(t('letter.website', { url: r.url }));
  if (r.address) lines.push(t('letter.address', { address: r.address }));
  return lines;
}

/**
 * A letter that can be found without harm: no service name, subject, provider, address or web
 * address (they would say what it is about), only the reference, the numbers to call and the steps.
 */
function discreetLetter(referral: Referral, offering: LoadedOffering, t: Translate, date: string): string {
  const lines = [t('letter.reference', { reference: referral.reference }), t('letter.date', { date }), '', t('letter.greeting'), '', t('letter.discreetIntro')];
  const own = regionalContact(offering, referral.facts.region);
  for (const p of [...(own?.phones ?? []), ...offering.access.phones]) lines.push(t('letter.phone', { number: p.number, label: '' }));
  lines.push('', t('letter.nextSteps'), `1. ${t('letter.step1', { reference: referral.reference })}`, `2. ${t('letter.step3')}`, '', t('letter.closing'));
  return lines.join('\n');
}
