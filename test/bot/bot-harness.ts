import { MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { MainDialog } from '../../dialogs/main-dialog';
import { welcomeActivity } from '../../dialogs/welcome';
import { DedupeMiddleware } from '../../src/bot/dedupe-middleware';
import { LanguageMiddleware } from '../../src/bot/language-middleware';
import { PasserelleBot } from '../../src/bot/passerelle-bot';
import type { OfferingSearch } from '../../src/search/search-index';
import { createBotStates } from '../../src/bot/state';
import { turnErrorHandler } from '../../src/bot/turn-error';
import { createLogger } from '../../src/log/logger';
import { ReferralStore } from '../../src/referrals/referral-store';
import { realKnowledge } from '../server/harness';
import { i18n } from './dialog-harness';

/** The activity handler under a TestAdapter with the runtime's middleware and error handler. */
/** The whole bot (PasserelleBot, MainDialog, language middleware, state saves) on botbuilder's TestAdapter, for a channel. */
export function botAdapter(options: { index?: OfferingSearch; channelId?: string } = {}) {
  const { kb, index } = realKnowledge();
  const storage = new MemoryStorage();
  const states = createBotStates(storage);
  const dialog = new MainDialog({
    kb,
    index: options.index ?? index,
    i18n,
    profile: states.profile,
    clientTask: states.clientTask,
    referrals: new ReferralStore(storage),
    staleAfterDays: 365,
    now: () => new Date('2026-11-29'),
  });
  const bot = new PasserelleBot(states, dialog, welcomeActivity, i18n);
  const adapter = new TestAdapter((context) => bot.run(context), { channelId: options.channelId ?? 'webchat' });
  adapter.use(new DedupeMiddleware()).use(new LanguageMiddleware(states.profile));
  adapter.onTurnError = turnErrorHandler({ logger: createLogger({ LOG_LEVEL: 'silent' }), conversationState: states.conversationState, i18n, logText: false });
  const send = async (activity: Partial<Activity>): Promise<Partial<Activity>[]> => {
    await adapter.receiveActivity({ type: 'message', ...activity });
    return adapter.activeQueue.splice(0);
  };
  return { adapter, send };
}
