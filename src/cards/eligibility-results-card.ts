import type { Assessment } from '../eligibility/assess';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Language } from '../knowledge/vocabulary';
import type { Translate } from '../i18n/translator';
import { regionalContact } from '../knowledge/regional-contact';
import { regionalLines, regionNames } from './contact-lines';
import { adaptiveCard, submit, submitData, text, type CardElement, type Container } from './adaptive-card';
import { summaryElements, type SummaryRow } from './answers-summary';

const REASONS_SHOWN = 3;

export interface ResultsView {
  canRefer: boolean;
  /** The client's region: an offering whose points of service differ by region names the client's own. */
  region?: unknown;
  /** The answers, each with "change", above the results. */
  summary?: readonly SummaryRow[];
  /** A line above the results ("for the need: work"). */
  heading?: string;
  /** Results left out of this card, behind "see all". */
  more?: number;
}

/**
 * The end of an eligibility check: the answers with "change", then three groups (eligible, to
 * check, not eligible), each offering with the reasons for its answer and buttons for its
 * details, "why?" and, for a caseworker, a referral; the rest behind "see all".
 */
export function eligibilityResultsCard(kb: KnowledgeBase, results: readonly Assessment[], lang: Language, t: Translate, view: ResultsView) {
  const { canRefer, region } = view;
  const groups = [
    { key: 'eligible', items: results.filter((r) => r.status === 'eligible'), refer: canRefer },
    { key: 'unknown', items: results.filter((r) => r.status === 'unknown'), refer: canRefer },
    { key: 'ineligible', items: results.filter((r) => r.status === 'ineligible'), refer: false },
  ] as const;
  const body: CardElement[] = [...(view.summary ? summaryElements(view.summary, t) : []), ...(view.heading ? [text(view.heading, { isSubtle: true })] : [])];
  for (const g of groups) {
    if (g.items.length === 0) continue;
    body.push(text(t(`eligibility.results.${g.key}`, { n: g.items.length }), { weight: 'Bolder', size: 'Medium', spacing: 'Large' }));
    for (const r of g.items) body.push(item(kb, r, lang, t, g.refer, g.key === 'ineligible' ? undefined : region));
  }
  if (view.more) body.push({ type: 'ActionSet', actions: [submitData(t('eligibility.results.seeAll', { n: view.more }), { verb: 'allResults' })] });
  return adaptiveCard(lang, body);
}

function item(kb: KnowledgeBase, r: Assessment, lang: Language, t: Translate, refer: boolean, region: unknown): Container {
  const o = kb.get(r.id)!;
  const contact = regionalContact(o, region);
  const decisive = r.status === 'eligible' ? r.reasons : r.reasons.filter((x) => x.outcome !== 'met');
  const lines = decisive.slice(0, REASONS_SHOWN).map((x) => `- ${x[lang]}`);
  if (r.status === 'eligible' && r.reasons.length === 0) lines.push(t('eligibility.results.openToAll'));
  if (r.missing.length) lines.push(t('eligibility.results.missing', { facts: r.missing.map((f) => kb.facts[f]?.label[lang] ?? f).join(', ') }));
  if (contact) lines.push(t('eligibility.results.regionalContact', { region: regionNames(contact, lang, kb.facts) }), ...regionalLines(contact, lang, t));
  return {
    type: 'Container',
    separator: true,
    items: [
      text(o.name[lang], { weight: 'Bolder' }),
      ...(lines.length ? [text(lines.join('\n'), { size: 'Small' as const })] : []),
      {
        type: 'ActionSet',
        actions: [
          submit(t('cards.actions.details'), 'details', o.id),
          submit(t('cards.actions.why'), 'why', o.id),
          ...(refer ? [submit(t('cards.actions.refer'), 'refer', o.id)] : []),
        ],
      },
    ],
  };
}
