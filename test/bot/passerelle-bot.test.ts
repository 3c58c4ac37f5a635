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
function botAdapter(options: { index?: OfferingSearch; channelId?: string } = {}) {
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

describe('PasserelleBot', () => {
  test('a new member on Web Chat gets the welcome in the locale of the activity', async () => {
    const { send } = botAdapter();
    const replies = await send({
      type: 'conversationUpdate',
      locale: 'en-US',
      membersAdded: [
        { id: 'bot', name: 'Bot' },
        { id: 'user', name: 'User' },
      ],
    });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(/^Hello! I'm Passerelle/);
  });

  test('the bot itself being added gets no welcome', async () => {
    const { send } = botAdapter();
    expect(await send({ type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: 'Bot' }] })).toHaveLength(0);
  });

  test('Teams: welcome on installationUpdate (it has the locale), not on membersAdded', async () => {
    const { send } = botAdapter({ channelId: 'msteams' });
    expect(await send({ type: 'conversationUpdate', channelId: 'msteams', membersAdded: [{ id: 'user', name: 'User' }] })).toHaveLength(0);
    const replies = await send({ type: 'installationUpdate', action: 'add', channelId: 'msteams', locale: 'fr-CA' });
    expect(replies[0]!.text).toMatch(/^Bonjour! Je suis Passerelle/);
  });

  test('a Teams @mention of the bot is removed before reading the message', async () => {
    const { send } = botAdapter({ channelId: 'msteams' });
    const replies = await send({
      text: '<at>Passerelle</at> aide',
      locale: 'fr-CA',
      channelId: 'msteams',
      entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'Passerelle' }, text: '<at>Passerelle</at>' }],
    });
    expect(replies[0]!.text).toMatch(/^Voici ce que je peux faire/);
  });

  test('a message over 4,000 characters is cut, with a notice in the conversation language', async () => {
    const { send } = botAdapter();
    const replies = await send({ text: `cours de français ${'é'.repeat(6000)}`, locale: 'fr-CA' });
    expect(replies[0]!.text).toBe("Votre message est très long : je n'en lis que les 4\u202f000 premiers caractères.");
    expect(replies[1]!.attachments).toHaveLength(1);
  });

  test('the same activity id twice is answered once', async () => {
    const { send } = botAdapter();
    expect(await send({ id: 'dup-1', text: 'aide', locale: 'fr-CA' })).toHaveLength(1);
    expect(await send({ id: 'dup-1', text: 'aide', locale: 'fr-CA' })).toHaveLength(0);
  });

  test('an error in a turn: a localized apology with a correlation id, no stack trace, and the next turn works', async () => {
    const failing: OfferingSearch = {
      search: () => {
        throw new Error('index exploded at /secret/path.ts:42');
      },
    };
    const { send } = botAdapter({ index: failing });
    const [apology] = await send({ text: 'logement', locale: 'en-US' });
    expect(apology!.text).toMatch(/^Sorry, something went wrong on my side\. .* code to the support team: [0-9a-f]{8}\.$/);
    expect(apology!.text).not.toMatch(/exploded|secret|\.ts|at /);
    const [fr] = await send({ text: 'logement', locale: 'fr-CA' });
    expect(fr!.text).toMatch(/^Désolé, quelque chose s'est mal passé de mon côté\..* : [0-9a-f]{8}\.$/);
    const [help] = await send({ text: 'aide', locale: 'fr-CA' });
    expect(help!.text).toMatch(/^Voici ce que je peux faire/);
  });
});
