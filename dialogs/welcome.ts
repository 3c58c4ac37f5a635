import { MessageFactory, type Activity } from 'botbuilder';
import type { Translate } from '../src/i18n/translator';

/** Buttons that send their label as text (imBack): they work alike in Teams, Web Chat and the terminal. */
export function suggestions(t: Translate): string[] {
  return [t('actions.exampleFrench'), t('actions.exampleHealth'), t('actions.exampleJob'), t('actions.help'), t('actions.otherLanguage')];
}

/** What the assistant can do, in the conversation's language. */
export function welcomeActivity(t: Translate): Partial<Activity> {
  return MessageFactory.suggestedActions(suggestions(t), [t('welcome.intro'), t('welcome.abilities'), t('welcome.languages')].join('\n\n'));
}
