import type { TFunction } from 'i18next';
import type { CrisisLine } from '../knowledge/safety-schema';
import type { Language } from '../knowledge/vocabulary';

import { escapeHtml } from '../text/escape-html';

export { escapeHtml };

/** Official pages listed under the chat (from the knowledge base's sources). */
const SOURCES = [
  { key: 'sourceImmigration', href: { fr: 'https://www.quebec.ca/immigration', en: 'https://www.quebec.ca/en/immigration' } },
  { key: 'sourceEmployment', href: { fr: 'https://quebec.ca/quebecemploi', en: 'https://quebec.ca/quebecemploi' } },
  { key: 'source211', href: { fr: 'https://www.211qc.ca', en: 'https://www.211qc.ca/en' } },
] as const;

/** Web Chat's own localization tag for each language. */
export const WEB_CHAT_LOCALE: Record<Language, string> = { fr: 'fr-FR', en: 'en-US' };

export interface PageOptions {
  lang: Language;
  t: TFunction;
  idleMinutes: number;
  /** The emergency and crisis lines of the knowledge base (safety.yaml), `emergency` first. */
  lines: Readonly<Record<string, CrisisLine>>;
}

const telHref = (dial: string) => `tel:${dial.length > 3 ? `+${dial}` : dial}`;

/** The crisis lines as a list: name, the number to tap, the number to text, the page, the hours. */
function crisisLines(lines: Readonly<Record<string, CrisisLine>>, lang: Language, e: (key: string) => string): string {
  return Object.values(lines)
    .map((line) => {
      const parts = [`<strong>${escapeHtml(line.name[lang])}</strong>`];
      if (line.dial) parts.push(`<a href="${telHref(line.dial)}">${escapeHtml(line.shown[0]!)}</a>`);
      if (line.text) parts.push(`${e('crisisText')} <a href="sms:${line.text.number}">${escapeHtml(line.text.shown)}</a>`);
      if (line.url) parts.push(`<a href="${escapeHtml(line.url)}" rel="noopener">${escapeHtml(new URL(line.url).hostname.replace(/^www\./, ''))}</a>`);
      if (line.hours) parts.push(escapeHtml(line.hours[lang]));
      return `          <li>${parts.join(' — ')}</li>`;
    })
    .join('\n');
}

/**
 * The newcomer page: a skip link, the language switch (a link, so it works without JavaScript
 * and restarts the chat in the other language), the chat region, what is kept and what is not,
 * official sources. No inline script or style: the page's CSP allows only this server's files.
 */
export function renderPage({ lang, t, idleMinutes, lines }: PageOptions): string {
  const e = (key: string, vars?: Record<string, unknown>) => escapeHtml(t(key, vars));
  const other: Language = lang === 'fr' ? 'en' : 'fr';
  const emergency = lines['emergency'];
  const emergencyCall = emergency?.dial ? `<a href="${telHref(emergency.dial)}">${escapeHtml(emergency.shown[0]!)}</a>` : '';
  const sources = SOURCES.map((s) => `        <li><a href="${escapeHtml(s.href[lang])}" rel="noopener">${e(s.key)}</a></li>`).join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${e('title')}</title>
  <link rel="stylesheet" href="/static/page.css">
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
  <a class="skip-link" href="#chat">${e('skipToChat')}</a>
  <header class="site-header">
    <p class="brand">Passerelle</p>
    <nav aria-label="${e('languageNav')}">
      <a class="language-switch" href="/?lang=${other}" lang="${other}" hreflang="${other}">${e('otherLanguage')}</a>
    </nav>
  </header>
  <p class="emergency" role="note"><strong>${e('emergencyLabel')} ${emergencyCall}</strong> <span aria-hidden="true">·</span> <a href="#crisis-lines-title">${e('crisisLinesLink')}</a></p>
  <main>
    <h1>${e('heading')}</h1>
    <p class="intro">${e('intro')}</p>
    <section id="chat" class="chat" aria-label="${e('chatLabel')}" tabindex="-1">
      <div id="webchat" class="webchat" data-lang="${lang}" data-locale="${WEB_CHAT_LOCALE[lang]}" data-unavailable="${e('unavailable')}"></div>
      <p id="chat-status" class="chat-status" role="status">${e('loading')}</p>
      <noscript><p>${e('noscript')}</p></noscript>
    </section>
    <div class="columns">
      <section aria-labelledby="privacy-title">
        <h2 id="privacy-title">${e('privacyTitle')}</h2>
        <ul>
          <li>${e('privacyNoAccount')}</li>
          <li>${e('privacyKept', { minutes: idleMinutes })}</li>
          <li>${e('privacyNotKept')}</li>
          <li>${e('privacyAdvice')}</li>
        </ul>
      </section>
      <section aria-labelledby="crisis-lines-title" class="crisis-lines">
        <h2 id="crisis-lines-title" tabindex="-1">${e('crisisLinesTitle')}</h2>
        <ul>
${crisisLines(lines, lang, e)}
        </ul>
      </section>
      <section aria-labelledby="sources-title">
        <h2 id="sources-title">${e('sourcesTitle')}</h2>
        <ul>
${sources}
        </ul>
      </section>
    </div>
  </main>
  <footer id="terms" class="site-footer"><p>${e('footer')}</p></footer>
  <script src="/static/markdown-it.min.js"></script>
  <script src="/webchat/webchat.js"></script>
  <script src="/static/app.js"></script>
</body>
</html>
`;
}
