import { IntentReader } from '../../dialogs/intent';
import { createI18n } from '../i18n/load-locales';

/** How the bot reads a typed command (its kind, and the query when it is a search): for tools that must agree with it, such as the Teams menu. */
export function commandReader(): (text: string) => { kind: string; query?: string } {
  const reader = new IntentReader(createI18n());
  return (text) => reader.read({ text });
}
