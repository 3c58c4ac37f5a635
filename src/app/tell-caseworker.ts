import type { ConversationReference } from 'botbuilder';
import type { i18n } from 'i18next';
import type { BotRuntime } from '../bot/bot-runtime';
import type { Config } from '../config';
import { translator } from '../i18n/translator';
import { languageOfLocale } from '../i18n/resolve-language';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Logger } from '../log/logger';
import type { Organizations } from '../referrals/organizations';
import type { TellCaseworker } from '../referrals/referral-dispatch';

/**
 * Proactive messages to the caseworker who made a referral, in their conversation with the bot
 * (the reference kept with the referral): what the organization did, or that it has not answered.
 * Only the reference, the caseworker's own label, the service and the organization: no facts.
 */
export function caseworkerTeller(deps: {
  runtime: BotRuntime;
  config: Config;
  i18n: i18n;
  kb: () => KnowledgeBase;
  organizations: Organizations;
  logger: Logger;
}): TellCaseworker {
  return async (r, { event, reminder }) => {
    if (!r.notify) return;
    const reference = r.notify as Partial<ConversationReference>;
    const lang = languageOfLocale(reference.locale) ?? 'fr';
    const t = translator(deps.i18n, lang);
    const partner = deps.i18n.getFixedT(lang, 'partner');
    const offering = r.discreet ? '' : ` (${deps.kb().get(r.offeringId)?.name[lang] ?? r.offeringId})`;
    const organization = (r.organizationId && (await deps.organizations.get(r.organizationId))?.name[lang]) || r.organizationId || '';
    const about = { referral: `${r.clientLabel ? `${r.clientLabel} · ` : ''}${r.reference}${offering}`, organization };
    const text = reminder
      ? t('referral.told.reminder', { ...about, count: deps.config.REFERRAL_REMINDER_DAYS })
      : event?.to === 'declined'
        ? t('referral.told.declined', { ...about, reason: event.reason ?? '' })
        : event?.to === 'closed'
          ? t('referral.told.closed', { ...about, outcome: partner(`outcomes.${event.outcome}`) })
          : t(`referral.told.${event?.to ?? 'accepted'}`, about);
    await deps.runtime.adapter.continueConversationAsync(deps.config.MicrosoftAppId, reference, async (context) => {
      await context.sendActivity({ type: 'message', text, locale: lang === 'fr' ? 'fr-CA' : 'en-CA' });
    });
    deps.logger.info({ referral: r.reference, status: r.status, reminder: !!reminder }, 'caseworker told');
  };
}
