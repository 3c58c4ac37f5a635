import { MAX_RESULTS } from '../../dialogs/search-dialog';
import type { AdaptiveCard } from '../../src/cards/adaptive-card';
import { detailsCard } from '../../src/cards/details-card';
import { eligibilityResultsCard } from '../../src/cards/eligibility-results-card';
import { questionCard, replaceCheckCard } from '../../src/cards/question-card';
import { myReferralsCard, referralPreviewCard, referralSummaryCard } from '../../src/cards/referral-cards';
import { resultsCard } from '../../src/cards/results-card';
import { summaryRows } from '../../src/cards/answers-summary';
import { assessAll } from '../../src/eligibility/assess';
import { FIRST_RESULTS, newTask, rankResults, recordAnswers } from '../../src/eligibility/check-task';
import type { ClientFacts } from '../../src/eligibility/client-facts';
import { createI18n } from '../../src/i18n/load-locales';
import { translator } from '../../src/i18n/translator';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { LANGUAGES } from '../../src/knowledge/vocabulary';
import { REFERRAL_STATUSES, type Referral } from '../../src/referrals/referral-schema';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

/**
 * Every kind of card the bot sends, built from the real knowledge base in both languages, with
 * the variants that change their structure (audience, stale entry, back button, referral rights, facts).
 */
export type NamedCards = [name: string, card: AdaptiveCard][];

const kb = loadKnowledgeDir(REAL_KNOWLEDGE).kb!;
const i18n = createI18n();
const t = { fr: translator(i18n, 'fr'), en: translator(i18n, 'en') };
const NOW = new Date('2026-11-29T12:00:00Z');
/** A caseworker asks about a client and may refer; a newcomer on the web chat asks for themself. */
const AUDIENCES = ['caseworker', 'self'] as const;

/** Facts of every type (enum, boolean, number, date), as a caseworker would have answered. */
const CLIENTS: Record<string, ClientFacts> = {
  unknown: {},
  'permanent resident': {
    status: 'permanent-resident',
    arrivalDate: '2024-03-01',
    age: 34,
    region: 'montreal',
    frenchLevel: 'beginner',
    employment: 'unemployed',
    sponsored: false,
  },
  'asylum claimant': {
    status: 'asylum-claimant',
    arrivalDate: '2025-09-15',
    age: 27,
    region: 'capitale-nationale',
    workPermit: 'open',
    hasChildren: true,
    gender: 'woman',
  },
};

const referral = (n: number, overrides: Partial<Referral> = {}): Referral => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  reference: `PAS-${String(n).padStart(4, '0')}-Q9TX`,
  offeringId: kb.offerings[n % kb.offerings.length]!.id,
  facts: { status: 'permanent-resident', arrivalDate: '2024-03-01', age: 34, sponsored: true },
  language: n % 2 ? 'en' : 'fr',
  channel: 'msteams',
  caseworkerId: 'caseworker',
  createdAt: '2026-11-20T15:00:00.000Z',
  updatedAt: '2026-11-20T15:00:00.000Z',
  status: REFERRAL_STATUSES[n % REFERRAL_STATUSES.length]!,
  events: [],
  discreet: false,
  ...overrides,
});

export function everyCard(): Record<string, NamedCards> {
  const cards: Record<string, NamedCards> = { results: [], details: [], question: [], eligibility: [], referral: [] };
  for (const [lang, audience] of LANGUAGES.flatMap((l) => AUDIENCES.map((a) => [l, a] as const))) {
    for (let i = 0; i < kb.offerings.length; i += MAX_RESULTS) {
      cards.results!.push([
        `results ${lang} ${audience} #${i + 1}-${i + MAX_RESULTS}`,
        resultsCard(kb.offerings.slice(i, i + MAX_RESULTS), lang, t[lang], audience),
      ]);
    }
    for (const o of kb.offerings) {
      cards.details!.push([
        `details ${lang} ${audience} ${o.id}`,
        detailsCard(o, lang, t[lang], { now: NOW, staleAfterDays: 100_000, audience, facts: kb.facts }),
      ]);
      cards.details!.push([
        `details ${lang} ${audience} ${o.id} (stale)`,
        detailsCard(o, lang, t[lang], { now: NOW, staleAfterDays: 1, audience, facts: kb.facts }),
      ]);
      // With a region whose point of service is its own, and with one that has none.
      for (const r of o.access.regional.slice(0, 1))
        cards.details!.push([
          `details ${lang} ${audience} ${o.id} (${r.regions[0]})`,
          detailsCard(o, lang, t[lang], { now: NOW, staleAfterDays: 100_000, audience, facts: kb.facts, region: r.regions[0] }),
        ]);
    }
    for (const [fact, def] of Object.entries(kb.facts)) {
      for (const canGoBack of [false, true])
        cards.question!.push([
          `question ${lang} ${audience} ${fact}${canGoBack ? ' (back)' : ''}`,
          questionCard({ fact, def, lang, audience, canGoBack }, t[lang]),
        ]);
      // As asked: with its progress line, and after a failed retry with every option as a button.
      cards.question!.push([
        `question ${lang} ${audience} ${fact} (progress, buttons)`,
        questionCard({ fact, def, lang, audience, canGoBack: true, progress: t[lang]('eligibility.progress', { number: 3, left: 8 }), buttons: true }, t[lang]),
      ]);
    }
  }
  for (const lang of LANGUAGES) {
    for (const [client, facts] of Object.entries(CLIENTS)) {
      for (const canRefer of [false, true]) {
        // As the check sends them: the answers with "change", the first results, then the rest ("see all").
        const task = recordAnswers(newTask(), new Map(Object.entries(facts).map(([f, value]) => [f, { value }])), kb.facts, NOW);
        const ranked = rankResults(kb, assessAll(kb, task.facts, t, NOW), task);
        const summary = summaryRows(task, kb.facts, lang, t[lang], NOW);
        cards.eligibility!.push(
          [
            `eligibility ${lang} ${client} first${canRefer ? ' (can refer)' : ''}`,
            eligibilityResultsCard(kb, ranked.slice(0, FIRST_RESULTS.max), lang, t[lang], {
              canRefer,
              region: facts.region,
              summary,
              more: ranked.length - FIRST_RESULTS.max,
            }),
          ],
          [
            `eligibility ${lang} ${client} rest${canRefer ? ' (can refer)' : ''}`,
            eligibilityResultsCard(kb, ranked.slice(FIRST_RESULTS.max, FIRST_RESULTS.max + FIRST_RESULTS.page), lang, t[lang], {
              canRefer,
              region: facts.region,
            }),
          ],
        );
      }
    }
    const offeringId = kb.offerings[0]!.id;
    cards.question!.push([`replace check ${lang}`, replaceCheckCard(lang, t[lang], 3, { text: 'check eligibility for a 34-year-old PR in Laval' })]);
    cards.referral!.push(
      [`referral preview ${lang}`, referralPreviewCard(kb, offeringId, referral(1).facts, lang, t[lang])],
      [`referral preview ${lang} (no facts)`, referralPreviewCard(kb, offeringId, {}, lang, t[lang])],
      ...REFERRAL_STATUSES.map((status, n): [string, AdaptiveCard] => [
        `referral summary ${lang} ${status}`,
        referralSummaryCard(kb, referral(n, { status }), lang, t[lang]),
      ]),
      [`referral summary ${lang} (offering removed)`, referralSummaryCard(kb, referral(9, { offeringId: 'removed-offering' }), lang, t[lang])],
      [`my referrals ${lang} (one)`, myReferralsCard(kb, [referral(0)], lang, t[lang])],
      [
        `my referrals ${lang} (20, every status)`,
        myReferralsCard(
          kb,
          Array.from({ length: 20 }, (_, n) => referral(n)),
          lang,
          t[lang],
        ),
      ],
    );
  }
  return cards;
}
