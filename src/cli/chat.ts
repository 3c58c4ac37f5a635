import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { CardActionData } from '../cards/adaptive-card';
import { loadConfig, type Config } from '../config';
import { fold } from '../text/fold';
import { createI18n } from '../i18n/load-locales';
import { languageOfLocale, localeFor, resolveLanguage } from '../i18n/resolve-language';
import { listOf, translator, type Translate } from '../i18n/translator';
import type { Language } from '../knowledge/vocabulary';
import { createApp } from '../app/create-app';
import { loadServedKnowledge } from '../serving/load-served-knowledge';
import { createStorage } from '../storage/create-storage';
import { renderCard } from './render-card';

/**
 * `npm run chat [-- --lang en]`: a conversation with the bot in the terminal, through the same
 * path as Teams and Web Chat (restify, guards, turn queue, CloudAdapter, the bot): an in-process
 * server on 127.0.0.1 and a free port, in local mode, replies read with deliveryMode
 * "expectReplies". State goes to DATA_DIR like the server's.
 */

interface Reply {
  type: string;
  text?: string;
  locale?: string;
  attachments?: { contentType: string; content: unknown }[];
  suggestedActions?: { actions: { title?: string; value?: unknown }[] };
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { values } = parseArgs({ options: { lang: { type: 'string' } } });
  const settings = loadConfig();
  // Local mode: the server only listens on the loopback, for this process.
  const config: Config = { ...settings, NODE_ENV: 'development', MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '', MicrosoftAppType: '' };
  const logger = pino({ level: settings.LOG_LEVEL === 'info' ? 'warn' : settings.LOG_LEVEL }, pino.destination(2));
  // The same knowledge as the server: the store's published version (seeded from the files).
  const storage = createStorage(config);
  const { kb, index, store, published } = await loadServedKnowledge(config, storage, logger);
  const i18n = createI18n();
  const app = createApp({ config, kb, index, storage, logger, i18n, knowledgeStore: store, published });
  const url = await app.listen(0, '127.0.0.1');

  const lang: Language = resolveLanguage({ locale: values.lang ?? process.env.LC_ALL ?? process.env.LANG });
  let t: Translate = translator(i18n, lang);
  const locale = localeFor(lang, values.lang);
  const user = { id: `cli-${userInfo().username}`, name: userInfo().username };
  const conversation = { id: `cli-${randomUUID()}` };
  let buttons: CardActionData[] = [];

  const send = async (fields: Record<string, unknown>): Promise<void> => {
    const activity = {
      id: randomUUID(),
      channelId: 'emulator',
      serviceUrl: url,
      conversation,
      from: user,
      recipient: { id: 'passerelle' },
      locale,
      deliveryMode: 'expectReplies',
      timestamp: new Date().toISOString(),
      ...fields,
    };
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const body = (await res.json()) as { activities?: Reply[]; message?: string };
    if (!res.ok) return console.error(`${res.status} ${body.message ?? ''}`);
    const replies = (body.activities ?? []).filter((a) => a.type === 'message');
    const shown: CardActionData[] = [];
    for (const reply of replies) {
      const replyLang = languageOfLocale(reply.locale);
      if (replyLang) t = translator(i18n, replyLang); // the conversation may have switched languages
      const lines: string[] = reply.text ? reply.text.split('\n') : [];
      for (const a of reply.attachments ?? []) {
        const rendered = renderCard(a.content, shown.length + 1, (title, value) => t('cli.fact', { title, value }));
        shown.push(...rendered.buttons);
        lines.push(...rendered.lines.map((l) => `  │ ${l}`));
      }
      const suggested = reply.suggestedActions?.actions.map((a) => a.title ?? String(a.value)) ?? [];
      if (suggested.length) lines.push(t('cli.suggestions', { list: suggested.join(' · ') }));
      // A card alone starts on its own line, under the speaker.
      console.log(`${t('cli.bot')} ›${reply.text ? ' ' : '\n'}${lines.join('\n')}\n`);
    }
    if (shown.length) buttons = shown;
  };

  console.log(`${t('cli.intro')}\n`);
  await send({ type: 'conversationUpdate', membersAdded: [user] });

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const quitWords = new Set(['fr', 'en'].flatMap((l) => listOf(translator(i18n, l as Language), 'cli.quit')).map(fold));
  const ask = () => rl.setPrompt(`${t('cli.you')} › `);
  ask();
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (!process.stdin.isTTY) console.log(text);
    if (quitWords.has(fold(text))) break;
    const click = /^#(\d+)$/.exec(text);
    if (click) {
      const data = buttons[Number(click[1]) - 1];
      if (data) await send({ type: 'message', value: data, channelData: { postBack: true } });
      else console.log(`${t('cli.noButton', { number: click[1] })}\n`);
    } else if (text) {
      await send({ type: 'message', text });
    }
    ask();
    rl.prompt();
  }
  rl.close();
  console.log(`\n${t('cli.bye')}`);
  await app.close();
  storage.close?.();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
