import type { TFunction } from 'i18next';
import type { Language } from '../knowledge/vocabulary';
import { escapeHtml } from '../text/escape-html';

export interface ConsolePageOptions {
  lang: Language;
  t: TFunction;
  /** Every string of locales/<lang>/admin.json, for the page's script. */
  strings: Record<string, string>;
}

const head = (lang: Language, title: string) => `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(title)}</title>
  <link rel="stylesheet" href="/admin/static/admin.css">
</head>`;

const languageSwitch = (lang: Language, e: (k: string) => string) => {
  const other: Language = lang === 'fr' ? 'en' : 'fr';
  return `<a class="lang" href="/admin?lang=${other}" hreflang="${other}" lang="${other}">${e('otherLanguage')}</a>`;
};

/** The sign-in page: a token field (ADMIN_AUTH=token), or the App Service explanation. */
export function renderSignIn({ lang, t }: ConsolePageOptions, mode: 'token' | 'appservice', error?: 'failed' | 'limited'): string {
  const e = (key: string) => escapeHtml(t(key));
  const message = error ? `<p class="error" role="alert">${e(error === 'failed' ? 'signInFailed' : 'signInLimited')}</p>` : '';
  const form =
    mode === 'appservice'
      ? `<p>${e('appServiceSignIn')}</p>`
      : `<p>${e('signInIntro')}</p>
      ${message}
      <form method="post" action="/admin/session">
        <input type="hidden" name="lang" value="${lang}">
        <label for="token">${e('tokenLabel')}</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required>
        <button type="submit">${e('signIn')}</button>
      </form>`;
  return `${head(lang, t('title'))}
<body>
  <header class="top"><p class="brand">${e('heading')}</p>${languageSwitch(lang, e)}</header>
  <main id="main" class="sign-in">
    <h1>${e('signInHeading')}</h1>
      ${form}
  </main>
</body>
</html>
`;
}

/**
 * The console's shell: the views are drawn by /admin/static/admin.js from the admin API, in the
 * page's language (its strings are embedded as JSON, which the CSP lets through as data, never
 * as script). The CSRF token every change must echo is in a meta tag.
 */
export function renderConsole({ lang, t, strings }: ConsolePageOptions, who: string, csrf: string, canSignOut: boolean, staleDays: number): string {
  const e = (key: string, vars?: Record<string, unknown>) => escapeHtml(t(key, vars));
  const json = JSON.stringify(strings).replace(/</g, '\\u003c');
  const signOut = canSignOut
    ? `<form method="post" action="/admin/session/end" class="sign-out"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><button type="submit">${e('signOut')}</button></form>`
    : '';
  return `${head(lang, t('title'))}
<body>
  <a class="skip-link" href="#main">${e('skip')}</a>
  <header class="top">
    <p class="brand">${e('heading')}</p>
    <p class="who">${e('signedInAs', { who })}</p>
    ${languageSwitch(lang, e)}
    ${signOut}
  </header>
  <nav aria-label="${e('nav')}">
    <ul>
      <li><a href="#offerings">${e('navOfferings')}</a></li>
      <li><a href="#changesets">${e('navChangeSets')}</a></li>
      <li><a href="#versions">${e('navVersions')}</a></li>
      <li><a href="#audit">${e('navAudit')}</a></li>
      <li><a href="#reports">${e('navReports')}</a></li>
      <li><a href="#profiles">${e('navProfiles')}</a></li>
      <li><a href="#organizations">${e('navOrganizations')}</a></li>
    </ul>
  </nav>
  <main id="main" tabindex="-1" data-lang="${lang}" data-who="${escapeHtml(who)}" data-csrf="${escapeHtml(csrf)}" data-stale-days="${staleDays}"></main>
  <p id="status" role="status" aria-live="polite"></p>
  <script type="application/json" id="strings">${json}</script>
  <script src="/admin/static/adaptivecards.js"></script>
  <script src="/admin/static/chart.js"></script>
  <script src="/admin/static/admin.js"></script>
</body>
</html>
`;
}
