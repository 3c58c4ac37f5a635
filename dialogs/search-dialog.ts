import { CardFactory, MessageFactory } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { resultsCard } from '../src/cards/results-card';
import type { DialogServices } from '../src/bot/services';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import type { LoadedOffering } from '../src/knowledge/offering-schema';
import type { Language } from '../src/knowledge/vocabulary';
import { suggestions } from './welcome';
import { audienceOf } from '../src/bot/audience';

export interface SearchOptions {
  /** The user's words; absent when they asked to search without saying what (then we ask). */
  query?: string;
}

/** At most this many offerings in a result list: a card longer than a screen is not read. */
export const MAX_RESULTS = 5;
/** Hits scoring under this share of the best one are noise from a common word. */
const RELATIVE_SCORE_FLOOR = 0.1;
/** The user's words are quoted back in the answer up to this length. */
const MAX_QUERY_ECHO = 80;

const PROMPT = 'searchQuery';

/** Free text is a search: the best offerings as one Adaptive Card list, or a clear answer and what to try. */
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
    const shown = query.length > MAX_QUERY_ECHO ? `${query.slice(0, MAX_QUERY_ECHO - 1)}…` : query;
    const lang = turnLanguage(step.context);
    const t = turnTranslator(step.context, this.services.i18n);
    const offerings = this.find(query, lang);
    if (offerings.length === 0) {
      await step.context.sendActivity(MessageFactory.suggestedActions(suggestions(t), `${t('search.none', { query: shown })}\n\n${t('search.tryOther')}`));
      return step.endDialog([]);
    }
    const card = CardFactory.adaptiveCard(resultsCard(offerings, lang, t, audienceOf(step.context)));
    await step.context.sendActivity(MessageFactory.attachment(card, t('search.results', { count: offerings.length, query: shown })));
    return step.endDialog(offerings.map((o) => o.id));
  }

  private find(query: string, lang: Language): LoadedOffering[] {
    const hits = this.services.index.search(query, { lang, limit: MAX_RESULTS });
    const best = hits[0]?.score ?? 0;
    return hits
      .filter((h) => h.score >= best * RELATIVE_SCORE_FLOOR)
      .map((h) => this.services.kb.get(h.id))
      .filter((o): o is LoadedOffering => o !== undefined);
  }
}
