import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Language } from '../knowledge/vocabulary';
import type { Translate } from '../i18n/translator';
import { CLIENT_LABEL_MAX, type Referral } from '../referrals/referral-schema';
import { nextStatuses } from '../referrals/referral-lifecycle';
import { adaptiveCard, submitData, text, type AdaptiveCard, type CardElement } from './adaptive-card';
import { formatDate } from './format';

/** The facts as the caseworker reads them: label and value in the conversation's language. */
export function factLines(kb: KnowledgeBase, facts: Referral['facts'], lang: Language, t: Translate): { title: string; value: string }[] {
  return Object.entries(facts).map(([fact, value]) => {
    const def = kb.facts[fact];
    const shown =
      def?.type === 'enum'
        ? (def.options[String(value)]?.[lang] ?? String(value))
        : typeof value === 'boolean'
          ? t(value ? 'eligibility.yes' : 'eligibility.no')
          : def?.type === 'date'
            ? formatDate(String(value), lang)
            : String(value);
    return { title: def?.label[lang] ?? fact, value: shown };
  });
}

/** What a referral will share, shown before the client's consent is asked. */
export function referralPreviewCard(kb: KnowledgeBase, offeringId: string, facts: Referral['facts'], lang: Language, t: Translate): AdaptiveCard {
  const o = kb.get(offeringId)!;
  const lines = factLines(kb, facts, lang, t);
  return adaptiveCard(lang, [
    text(t('referral.previewTitle', { name: o.name[lang] }), { weight: 'Bolder', size: 'Medium' }),
    text(t('referral.previewShared')),
    lines.length ? { type: 'FactSet', facts: lines } : text(t('referral.previewNoFacts'), { isSubtle: true }),
    text(t('referral.previewNotShared'), { isSubtle: true, size: 'Small' }),
  ]);
}

/** The referral once made: reference, offering, status, contact. */
export function referralSummaryCard(kb: KnowledgeBase, r: Referral, lang: Language, t: Translate): AdaptiveCard {
  const o = kb.get(r.offeringId);
  const body: CardElement[] = [
    text(t('referral.summaryTitle', { reference: r.reference }), { weight: 'Bolder', size: 'Medium' }),
    {
      type: 'FactSet',
      facts: [
        { title: t('referral.fields.offering'), value: o?.name[lang] ?? r.offeringId },
        { title: t('referral.fields.status'), value: t(`referral.status.${r.status}`) },
        { title: t('referral.fields.letterLanguage'), value: t(`choices.${r.language}`) },
        ...(r.discreet ? [{ title: t('referral.fields.discreet'), value: t('referral.discreetValue.true') }] : []),
        { title: t('referral.fields.createdAt'), value: formatDate(r.createdAt.slice(0, 10), lang) },
        ...factLines(kb, r.facts, lang, t),
      ],
    },
  ];
  if (o) body.push(text(o.access.howTo[lang], { size: 'Small' }));
  return adaptiveCard(lang, body);
}

/** A caseworker's own referrals, each with buttons to move it to another status. */
export function myReferralsCard(kb: KnowledgeBase, referrals: readonly Referral[], lang: Language, t: Translate): AdaptiveCard {
  return adaptiveCard(
    lang,
    referrals.map((r, i) => ({
      type: 'Container' as const,
      separator: i > 0,
      items: [
        text(`${r.clientLabel ? `${r.clientLabel} · ` : ''}${r.reference} — ${kb.get(r.offeringId)?.name[lang] ?? r.offeringId}`, {
          weight: 'Bolder' as const,
        }),
        text(
          t('referral.listLine', {
            status: t(`referral.status.${r.status}`),
            date: formatDate(r.createdAt.slice(0, 10), lang),
            last: formatDate((r.events.at(-1)?.at ?? r.updatedAt).slice(0, 10), lang),
          }),
          {
            isSubtle: true,
            size: 'Small' as const,
          },
        ),
        // The caseworker's own label for the client (file number, initials): optional, changed here.
        {
          type: 'Input.Text' as const,
          id: `label-${r.id}`,
          label: t('referral.labelField'),
          maxLength: CLIENT_LABEL_MAX,
          ...(r.clientLabel && { value: r.clientLabel }),
          placeholder: t('referral.labelPlaceholder'),
        },
        {
          type: 'ActionSet' as const,
          // Only what the caseworker may do next: the organization accepts, declines and closes.
          actions: [
            submitData(t('referral.saveLabel'), { verb: 'referralLabel', referralId: r.id }),
            ...nextStatuses(r.status, 'caseworker').map((s) =>
              submitData(t(`referral.setStatus.${s}`), { verb: 'referralStatus', referralId: r.id, status: s }),
            ),
          ],
        },
      ],
    })),
  );
}
