import { AutoSaveStateMiddleware, MemoryStorage, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../dialogs/main-dialog';
import { LanguageMiddleware } from '../../src/bot/language-middleware';
import type { DialogServices } from '../../src/bot/services';
import type { OfferingSearch } from '../../src/search/search-index';
import { createBotStates } from '../../src/bot/state';
import { createI18n } from '../../src/i18n/load-locales';
import { ReferralStore } from '../../src/referrals/referral-store';
import { realKnowledge } from '../server/harness';

export const i18n = createI18n();

/**
 * MainDialog under botbuilder-testing's DialogTestClient, with the same language middleware as
 * the bot and user state saved each turn. MemoryStorage: tests only.
 */
export function dialogClient(options: { now?: Date; index?: OfferingSearch } = {}) {
  const { kb, index } = realKnowledge();
  const storage = new MemoryStorage();
  const states = createBotStates(storage);
  const services: DialogServices = {
    kb,
    index: options.index ?? index,
    i18n,
    profile: states.profile,
    clientTask: states.clientTask,
    referrals: new ReferralStore(storage, () => options.now ?? new Date('2026-11-29T12:00:00Z')),
    staleAfterDays: 365,
    now: () => options.now ?? new Date('2026-11-29T12:00:00Z'),
  };
  const client = new DialogTestClient(
    'test',
    new MainDialog(services),
    undefined,
    [new LanguageMiddleware(states.profile), new AutoSaveStateMiddleware(states.userState)],
    states.conversationState,
  );
  /** Sends a message in a locale and returns every reply of the turn. */
  const say = async (text: string, locale: string, extra: Partial<Activity> = {}): Promise<Partial<Activity>[]> => {
    const replies: Partial<Activity>[] = [];
    let reply = await client.sendActivity({ type: 'message', text, locale, ...extra });
    while (reply) {
      replies.push(reply);
      reply = client.getNextReply();
    }
    return replies;
  };
  const click = (value: Record<string, unknown>, locale: string) => say('', locale, { text: undefined, value });
  /**
   * Answers each question asked, from a client's answers (an option clicked, anything else typed;
   * "I don't know" for a fact not given), until the check ends; returns the last turn's replies.
   */
  const answerAll = async (replies: Partial<Activity>[], answers: Record<string, string>, locale: string, options: string[] = ['status']) => {
    for (let fact = askedFact(replies[replies.length - 1]), turns = 0; fact; fact = askedFact(replies[replies.length - 1]), turns++) {
      if (turns > 30) throw new Error('the check never ends');
      const answer = answers[fact];
      replies =
        answer === undefined
          ? await click({ verb: 'answer', fact, special: 'dontKnow' }, locale)
          : options.includes(fact)
            ? await click({ verb: 'answer', fact, value: answer }, locale)
            : await say(answer, locale);
    }
    return replies;
  };
  return { client, say, click, answerAll, storage, services };
}

/** The fact an eligibility question card asks about, read from its buttons' data. */
export function askedFact(reply: Partial<Activity> | undefined): string | undefined {
  return /"verb":"answer","fact":"(\w+)"/.exec(cardOf(reply))?.[1];
}

export const cardOf = (reply: Partial<Activity> | undefined) => JSON.stringify(reply?.attachments?.[0]?.content ?? null);
