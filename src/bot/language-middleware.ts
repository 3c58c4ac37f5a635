import type { Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { resolveLanguage } from '../i18n/resolve-language';
import type { UserProfile } from './state';
import { setTurnLanguage } from './turn-language';

/**
 * Resolves the turn's language before any bot code runs: the user's stored choice, else
 * `activity.locale` (`fr-CA`, `fr_FR`, `en-US`...), else a `clientInfo` entity's locale, else French.
 */
export class LanguageMiddleware implements Middleware {
  constructor(private readonly profile: StatePropertyAccessor<UserProfile>) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const stored = activity.from?.id ? (await this.profile.get(context))?.language : undefined;
    const clientInfo = activity.entities?.find((e) => e?.type === 'clientInfo') as { locale?: unknown } | undefined;
    setTurnLanguage(context, resolveLanguage({ stored, locale: activity.locale, clientLocale: clientInfo?.locale }));
    await next();
  }
}
