import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { adaptiveCard, submit, text } from '../src/cards/adaptive-card';
import { resultsCard } from '../src/cards/results-card';
import type { DialogServices } from '../src/bot/services';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import type { Translate } from '../src/i18n/translator';
import type { LoadedOffering } from '../src/knowledge/offering-schema';
import type { Language } from '../src/knowledge/vocabulary';
import { relevanceOf } from '../src/search/relevance';
import type { SearchHit } from '../src/search/search-index';
import { echoable } from '../src/text/echo';
import { suggestions } from './welcome';
import { audienceOf } from '../src/bot/audience';

export interface SearchOptions {
  /** The user's words; absent when they asked to search without saying what (then we ask). */
  query?: string;
}

/** At most this many offerings in a result list: a card longer than a screen is not read. */
export const MAX_RESULTS = 5;
/** When search is not sure, only the closest few are shown. */
const MAX_WEAK_RESULTS = 3;
/** Hits scoring under this share of the best one are noise from a common word. */
const RELATIVE_SCORE_FLOOR = 0.1;
/** The user's words are quoted back in the answer up to this length. */
const MAX_QUERY_ECHO = 80;
/** The information and referral line offered when nothing fits. */
const REFERRAL_LINE_ID = 'service-211';

const PROMPT = 'searchQuery';

/**
 * Free text is a search. Results search is sure of come as one Adaptive Card list; results it is
 * not sure of (src/search/relevance.ts) come as "the closest", fewer, with 211 offered; when
 * nothing fits, the bot says so and offers 211 and other words, instead of off-topic cards.
 */
export class SearchDialog extends ComponentDialog {
  static readonly id = 'search';

  constructor(private readonly services: DialogServices) {
    super(SearchDialog.id);
    this.addDialog(new TextPrompt(PROMPT));
    this.addDialog(new WaterfallDialog('searchSteps', [this.askStep.bind(this), this.resultsStep.bind(this)]));
    this.initialDialogId = 'searchSteps';
  }

  private async askStep(step: WaterfallStepContext<SearchOptions>): Promise<DialogTurnResult> {
    const query = step.options?.query?.trim();
    if (query) return step.next(query);
    const t = turnTranslator(step.context, this.services.i18n);
    return step.prompt(PROMPT, { prompt: t('search.prompt') });
  }

  private async resultsStep(step: WaterfallStepContext<SearchOptions>): Promise<DialogTurnResult> {
    const query = String(step.result ?? '').trim();
    const shown = echoable(query, MAX_QUERY_ECHO);
    const lang = turnLanguage(step.context);
    const t = turnTranslator(step.context, this.services.i18n);
    const hits = this.services.index.search(query, { lang, limit: MAX_RESULTS });
    const relevance = relevanceOf(hits);
    const offerings = relevance === 'none' ? [] : this.offeringsOf(hits).slice(0, relevance === 'weak' ? MAX_WEAK_RESULTS : MAX_RESULTS);
    if (offerings.length === 0) {
      await step.context.sendActivity(
        MessageFactory.suggestedActions(
          suggestions(t),
          [t('search.none', { query: shown }), this.referralLine(lang, t), t('search.tryOther')].filter(Boolean).join('\n\n'),
        ),
      );
      await this.sendReferralLineButton(step.context, lang, t);
      return step.endDialog([]);
    }
    const card = CardFactory.adaptiveCard(resultsCard(offerings, lang, t, audienceOf(step.context)));
    const intro = t(relevance === 'weak' ? 'search.weak' : 'search.results', { count: offerings.length, query: shown });
    await step.context.sendActivity(MessageFactory.attachment(card, intro));
    if (relevance === 'weak') {
      const line = this.referralLine(lang, t);
      if (line) await step.context.sendActivity(line);
    }
    return step.endDialog(offerings.map((o) => o.id));
  }

  private offeringsOf(hits: readonly SearchHit[]): LoadedOffering[] {
    const best = hits[0]?.score ?? 0;
    return hits
      .filter((h) => h.score >= best * RELATIVE_SCORE_FLOOR)
      .map((h) => this.services.kb.get(h.id))
      .filter((o): o is LoadedOffering => o !== undefined);
  }

  /** "211 can direct you…", from the 211 offering itself; empty when the knowledge base has none. */
  private referralLine(lang: Language, t: Translate): string {
    const line = this.services.kb.get(REFERRAL_LINE_ID);
    const number = line?.access.phones[0]?.number;
    return line && number ? t('search.offer211', { name: line.alternateNames[0] ?? line.name[lang], number }) : '';
  }

  private async sendReferralLineButton(context: TurnContext, lang: Language, t: Translate): Promise<void> {
    const line = this.services.kb.get(REFERRAL_LINE_ID);
    if (!line) return;
    const card = adaptiveCard(lang, [text(line.summary[lang])], [submit(t('search.details211', { name: line.name[lang] }), 'details', line.id)]);
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }
}
