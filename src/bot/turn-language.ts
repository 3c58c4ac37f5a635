import type { TurnContext } from 'botbuilder';
import type { i18n } from 'i18next';
import type { Language } from '../knowledge/vocabulary';
import { languageOfLocale, DEFAULT_LANGUAGE, localeFor } from '../i18n/resolve-language';
import { translator, type Translate } from '../i18n/translator';

const LANGUAGE_KEY = Symbol('passerelle.turnLanguage');

/**
 * The language of this turn lives in turn state, never in the shared i18next instance: two
 * conversations answered at the same moment each keep their own. The activity's locale is
 * rewritten to match so botbuilder's prompts (numbers, "or", yes/no) speak it too.
 */
export function setTurnLanguage(context: TurnContext, lang: Language): void {
  context.turnState.set(LANGUAGE_KEY, lang);
  context.activity.locale = localeFor(lang, context.activity.locale);
}

export function turnLanguage(context: TurnContext): Language {
  const lang = context.turnState.get<Language | undefined>(LANGUAGE_KEY);
  return lang ?? languageOfLocale(context.activity.locale) ?? DEFAULT_LANGUAGE;
}

export function turnTranslator(context: TurnContext, i18n: i18n): Translate {
  return translator(i18n, turnLanguage(context));
}
