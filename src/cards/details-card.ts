import type { LoadedOffering } from '../knowledge/offering-schema';
import type { Language } from '../knowledge/vocabulary';
import type { Translate } from '../i18n/translator';
import type { Audience } from '../knowledge/vocabulary';
import { adaptiveCard, offeringActions, text, type AdaptiveCard, type CardAction, type CardElement } from './adaptive-card';
import { daysSince, formatDate, formatLanguages, formatList } from './format';

export interface DetailsOptions {
  now: Date;
  /** Entries not reviewed for more days than this carry a warning (STALE_AFTER_DAYS). */
  staleAfterDays: number;
  /** Newcomers on the web chat ask for themselves and cannot refer. */
  audience?: Audience;
}

/** Everything a person needs to act on one offering, in the conversation's language. */
export function detailsCard(o: LoadedOffering, lang: Language, t: Translate, options: DetailsOptions): AdaptiveCard {
  const body: CardElement[] = [
    text(o.name[lang], { weight: 'Bolder', size: 'Large' }),
    text(t('cards.providedBy', { provider: o.provider.name[lang] }), { isSubtle: true, spacing: 'Small' }),
  ];
  if (daysSince(o.lastReviewed, options.now) > options.staleAfterDays) {
    body.push(text(t('cards.stale', { count: options.staleAfterDays, date: formatDate(o.lastReviewed, lang) }), { color: 'Attention' }));
  }
  body.push(text(o.summary[lang]));
  body.push(...section(t('cards.sections.offers'), [text(o.description[lang])]));
  body.push(...section(t('cards.sections.eligibility'), [text(o.eligibility.notes[lang])]));
  const documents = o.documents.length ? o.documents.map((d) => `- ${d[lang]}`).join('\n') : t('cards.noDocuments');
  body.push(...section(t('cards.sections.documents'), [text(documents)]));
  body.push(...section(t('cards.sections.access'), accessElements(o, lang, t)));
  body.push({
    type: 'FactSet',
    facts: [
      { title: t('cards.facts.cost'), value: [o.cost.free ? t('cards.free') : t('cards.notFree'), o.cost.notes?.[lang]].filter(Boolean).join(' — ') },
      { title: t('cards.facts.languages'), value: formatLanguages(o.languages, lang) },
      { title: t('cards.facts.lastReviewed'), value: formatDate(o.lastReviewed, lang) },
    ],
  });
  // Official pages only: secondary sources and editor notes are for admins.
  const official = o.sources.filter((s) => s.kind === 'official');
  if (official.length) {
    const sources = official.map((s) => `- [${(s.title ?? s.url).replace(/[[\]]/g, '')}](${s.url})`).join('\n');
    body.push(...section(t('cards.officialSources'), [text(sources, { size: 'Small' })]));
  }

  const actions: CardAction[] = [];
  if (o.access.url) actions.push({ type: 'Action.OpenUrl', title: t('cards.actions.website'), url: o.access.url });
  actions.push(...offeringActions(o.id, t, options.audience ?? 'caseworker'));
  return adaptiveCard(lang, body, actions);
}

function section(title: string, items: CardElement[]): CardElement[] {
  return [text(title, { weight: 'Bolder', spacing: 'Medium' }), ...items];
}

function accessElements(o: LoadedOffering, lang: Language, t: Translate): CardElement[] {
  const lines = o.access.phones.map((p) => {
    const notes = [p.label?.[lang], p.toConfirm ? t('cards.toConfirm') : undefined].filter(Boolean);
    return notes.length ? `- ${p.number} (${notes.join(', ')})` : `- ${p.number}`;
  });
  const elements: CardElement[] = [text(o.access.howTo[lang])];
  if (lines.length) elements.push(text(lines.join('\n')));
  const facts = [
    {
      title: t('cards.facts.modes'),
      value: formatList(
        o.access.modes.map((m) => t(`cards.modes.${m}`)),
        lang,
      ),
    },
  ];
  if (o.access.address) facts.push({ title: t('cards.facts.address'), value: o.access.address });
  elements.push({ type: 'FactSet', facts });
  return elements;
}
