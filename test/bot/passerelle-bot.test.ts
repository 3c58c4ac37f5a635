import { botAdapter } from './bot-harness';
import type { OfferingSearch } from '../../src/search/search-index';

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
