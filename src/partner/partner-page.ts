import type { TFunction } from 'i18next';
import { factLines } from '../cards/referral-cards';
import { formatDate } from '../cards/format';
import type { Translate } from '../i18n/translator';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Organization } from '../knowledge/organization-schema';
import type { Language } from '../knowledge/vocabulary';
import { nextStatuses, REFERRAL_OUTCOMES, type StatusEvent } from '../referrals/referral-lifecycle';
import type { Referral } from '../referrals/referral-schema';
import { escapeHtml } from '../text/escape-html';

export interface PartnerPageOptions {
  lang: Language;
  /** The partner namespace. */
  t: TFunction;
  /** The bot namespace, for the facts' yes/no and the statuses. */
  bot: Translate;
  kb: KnowledgeBase;
}

const shell = (lang: Language, title: string, body: string, other: string) => `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(title)}</title>
  <link rel="stylesheet" href="/partner/static/partner.css">
</head>
<body>
  <header class="top"><p class="brand">Passerelle</p>${other}</header>
  <main id="main">
${body}
  </main>
</body>
</html>
`;

const switchTo = (lang: Language, label: string, path: string) => {
  const other: Language = lang === 'fr' ? 'en' : 'fr';
  return `<a class="lang" href="${escapeHtml(path)}?lang=${other}" hreflang="${other}" lang="${other}">${escapeHtml(label)}</a>`;
};

/** The page of a link that does not work: the same for every reason, so it tells an attacker nothing. */
export function invalidLinkPage({ lang, t }: Pick<PartnerPageOptions, 'lang' | 't'>, path: string): string {
  const e = (k: string) => escapeHtml(t(k));
  return shell(
    lang,
    t('page.invalidHeading'),
    `    <h1>${e('page.invalidHeading')}</h1>\n    <p>${e('page.invalid')}</p>`,
    switchTo(lang, t('page.otherLanguage'), path),
  );
}

function eventLine(ev: StatusEvent, o: PartnerPageOptions): string {
  const { t, bot, lang } = o;
  const by = ev.actor.kind === 'organization' ? t('page.byOrganization') : ev.actor.kind === 'caseworker' ? t('page.byCaseworker') : t('page.bySystem');
  const parts = [t('page.event', { date: formatDate(ev.at.slice(0, 10), lang), status: bot(`referral.status.${ev.to}`) }), by];
  if (ev.reason) parts.push(t('page.reason', { reason: ev.reason }));
  if (ev.outcome) parts.push(t('page.outcome', { outcome: t(`outcomes.${ev.outcome}`) }));
  return `<li>${escapeHtml(parts.join(' · '))}</li>`;
}

/** The referral as its organization sees it: only what was consented to, and the answers it may give. */
export function partnerPage(r: Referral, org: Pick<Organization, 'name'>, o: PartnerPageOptions, path: string, notice?: string): string {
  const { lang, t, bot, kb } = o;
  const e = (k: string, vars?: Record<string, unknown>) => escapeHtml(t(k, vars));
  const row = (label: string, value: string) => `      <dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`;
  const offering = r.discreet ? t('notice.oneOfYourServices') : (kb.get(r.offeringId)?.name[lang] ?? r.offeringId);
  const facts = factLines(kb, r.facts, lang, bot);
  const action = (verb: string) => `${escapeHtml(path)}/${verb}`;
  const hidden = `<input type="hidden" name="lang" value="${lang}">`;
  const forms = nextStatuses(r.status, 'organization').map((to) => {
    if (to === 'accepted') return `    <form method="post" action="${action('accept')}">${hidden}<button type="submit">${e('page.accept')}</button></form>`;
    if (to === 'declined') {
      return `    <form method="post" action="${action('decline')}">${hidden}
      <label for="reason">${e('page.declineReason')}</label>
      <textarea id="reason" name="reason" rows="3" maxlength="500" required></textarea>
      <button type="submit" class="secondary">${e('page.decline')}</button>
    </form>`;
    }
    const options = REFERRAL_OUTCOMES.map((oc) => `<option value="${oc}">${e(`outcomes.${oc}`)}</option>`).join('');
    return `    <form method="post" action="${action('close')}">${hidden}
      <label for="outcome">${e('page.outcomeLabel')}</label>
      <select id="outcome" name="outcome" required><option value="">—</option>${options}</select>
      <button type="submit">${e('page.close')}</button>
    </form>`;
  });
  const body = `    <h1>${e('page.heading', { reference: r.reference })}</h1>
${notice ? `    <p class="notice" role="status">${escapeHtml(notice)}</p>\n` : ''}    <p>${e('page.intro')}</p>
    <dl>
${[
  row(t('page.service'), offering),
  row(t('page.organization'), org.name[lang]),
  row(t('page.received'), formatDate(r.createdAt.slice(0, 10), lang)),
  row(t('page.language'), t(`languages.${r.language}`)),
  row(t('page.status'), bot(`referral.status.${r.status}`)),
].join('\n')}
    </dl>
    <h2>${e('page.facts')}</h2>
${facts.length ? `    <dl>\n${facts.map((f) => row(f.title, f.value)).join('\n')}\n    </dl>` : `    <p>${e('page.noFacts')}</p>`}
    <h2>${e('page.actions')}</h2>
${forms.length ? forms.join('\n') : `    <p>${e('page.nothingToDo')}</p>`}
    <h2>${e('page.history')}</h2>
    <ol class="history">${r.events.map((ev) => eventLine(ev, o)).join('')}</ol>
    <p class="privacy">${e('page.privacy')}</p>`;
  return shell(lang, t('page.title', { reference: r.reference }), body, switchTo(lang, t('page.otherLanguage'), path));
}
