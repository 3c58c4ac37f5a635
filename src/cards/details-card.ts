import type { FactDefinitions } from '../knowledge/fact-schema';
import type { LoadedOffering } from '../knowledge/offering-schema';
import type { Language } from '../knowledge/vocabulary';
import type { Translate } from '../i18n/translator';
import type { Audience } from '../knowledge/vocabulary';
import { adaptiveCard, offeringActions, text, type AdaptiveCard, type CardAction, type CardElement } from './adaptive-card';
import { daysSince, formatDate, formatLanguages, formatList } from './format';
import { phoneLines, regionalLines, regionNames } from './contact-lines';
import { regionalContact } from '../knowledge/regional-contact';

export interface DetailsOptions {
  now: Date;
  /** Entries not reviewed for more days than this carry a warning (STALE_AFTER_DAYS). */
  staleAfterDays: number;
  /** Newcomers on the web chat ask for themselves and cannot refer. */
  audience?: Audience;
  /** The client's region, when known: its own point of service comes first. */
  region?: unknown;
  /** The fact definitions, for the regions' names. */
  facts: FactDefinitions;
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
  body.push(...section(t('cards.sections.access'), accessElements(o, lang, t, options)));
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

function accessElements(o: LoadedOffering, lang: Language, t: Translate, options: DetailsOptions): CardElement[] {
  const elements: CardElement[] = [];
  // The client's own point of service first; without a known region, every region's, by name.
  const own = regionalContact(o, options.region);
  if (own)
    elements.push(
      text(t(options.audience === 'self' ? 'cards.yourRegionSelf' : 'cards.yourRegion', { region: regionNames(own, lang, options.facts) }), {
        weight: 'Bolder',
      }),
      text(regionalLines(own, lang, t).join('\n')),
    );
  elements.push(text(o.access.howTo[lang]));
  const lines = phoneLines(o.access.phones, lang, t);
  if (lines.length) elements.push(text(lines.join('\n')));
  if (!own && o.access.regional.length) {
    elements.push(text(t('cards.byRegion'), { weight: 'Bolder' }));
    for (const r of o.access.regional) elements.push(text([`**${regionNames(r, lang, options.facts)}**`, ...regionalLines(r, lang, t)].join('\n')));
  }
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
