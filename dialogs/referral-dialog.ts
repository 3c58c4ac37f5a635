import { CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  ListStyle,
  WaterfallDialog,
  type Choice,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { audienceOf, caseworkerIdOf } from '../src/bot/audience';
import type { DialogServices } from '../src/bot/services';
import { freshClientTask } from '../src/bot/state';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import { referralPreviewCard, referralSummaryCard } from '../src/cards/referral-cards';
import { justifyingFacts } from '../src/eligibility/evaluate';
import type { Translate as TextTranslate } from '../src/eligibility/reasons';
import { LANGUAGES, type Language } from '../src/knowledge/vocabulary';
import { referralLetter } from '../src/referrals/letter';
import type { FactValue } from '../src/eligibility/client-facts';
import { listOf, type Translate } from '../src/i18n/translator';
import type { OfferingOptions } from './offering-details-dialog';
import { findOffering } from './find-offering';
import { quickChoicePrompt } from './quick-choice-prompt';

/** What the steps remember between turns (WaterfallStepContext.values). */
interface ReferralValues {
  offeringId: string;
  facts: Record<string, FactValue>;
  language: Language;
  discreet: boolean;
}

const STEPS = 'referralSteps';
const LETTER_LANGUAGE = 'referralLanguage';
const CONSENT = 'referralConsent';
const DISCREET = 'referralDiscreet';

/**
 * Refer a client (the "Refer" button, verb `refer`): show what will be shared (only the facts that
 * justify the offering's eligibility), ask the letter's language, then the client's explicit
 * consent. Yes: the referral is stored, and the caseworker gets a summary card and the letter.
 * No: nothing is stored. Either way the client's facts are then forgotten.
 */
export class ReferralDialog extends ComponentDialog {
  static readonly id = 'referral';

  constructor(private readonly services: DialogServices) {
    super(ReferralDialog.id);
    this.addDialog(quickChoicePrompt(LETTER_LANGUAGE))
      .addDialog(quickChoicePrompt(CONSENT))
      .addDialog(quickChoicePrompt(DISCREET))
      .addDialog(
        new WaterfallDialog(STEPS, [this.previewStep.bind(this), this.discreetStep.bind(this), this.consentStep.bind(this), this.createStep.bind(this)]),
      );
    this.initialDialogId = STEPS;
  }

  private async previewStep(step: WaterfallStepContext<OfferingOptions>): Promise<DialogTurnResult> {
    const { kb } = this.services;
    const offering = await findOffering(step.context, this.services, step.options?.offeringId);
    if (!offering) return step.endDialog();
    const t = turnTranslator(step.context, this.services.i18n);
    if (audienceOf(step.context) !== 'caseworker') {
      await step.context.sendActivity(t('referral.selfService', { howTo: offering.access.howTo[turnLanguage(step.context)] }));
      return step.endDialog();
    }
    const lang = turnLanguage(step.context);
    const facts = justifyingFacts(offering, await this.clientFacts(step.context), kb.facts, this.services.now());
    Object.assign(step.values, { offeringId: offering.id, facts } satisfies Partial<ReferralValues>);
    await step.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(referralPreviewCard(kb, offering.id, facts, lang, t))));
    return step.prompt(LETTER_LANGUAGE, {
      prompt: t('referral.askLanguage'),
      retryPrompt: t('referral.askLanguageRetry'),
      // Not "Français"/"English": those switch the conversation's language.
      choices: LANGUAGES.map((l, i): Choice => ({
        value: l,
        action: { type: 'imBack', title: t(`referral.letterIn.${l}`), value: t(`referral.letterIn.${l}`) },
        synonyms: [String(i + 1), l],
      })),
      style: ListStyle.suggestedAction,
    });
  }

  /** For a sensitive service (conjugal violence), the caseworker chooses a discreet letter or a full one. */
  private async discreetStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ReferralValues;
    values.language = (step.result as FoundChoice).value as Language;
    values.discreet = false;
    if (!this.services.kb.get(values.offeringId)?.sensitive) return step.next();
    const t = turnTranslator(step.context, this.services.i18n);
    const choices = (['discreet', 'full'] as const).map((v, i): Choice => ({
      value: v,
      action: { type: 'imBack', title: t(`referral.discreetChoice.${v}`), value: t(`referral.discreetChoice.${v}`) },
      synonyms: [String(i + 1), ...LANGUAGES.map((l) => this.services.i18n.getFixedT(l, 'bot')(`referral.discreetChoice.${v}`))],
    }));
    return step.prompt(DISCREET, { prompt: t('referral.askDiscreet'), retryPrompt: t('referral.askDiscreetRetry'), choices, style: ListStyle.suggestedAction });
  }

  private async consentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = turnTranslator(step.context, this.services.i18n);
    const values = step.values as ReferralValues;
    if (step.result) values.discreet = (step.result as FoundChoice).value === 'discreet';
    // What happens, exactly: what is sent, to whom, how long it is kept, how to withdraw.
    const lang = turnLanguage(step.context);
    const recipient = await this.services.dispatch?.recipient(values.offeringId, values.facts['region']);
    const days = this.services.referralRetentionDays;
    const what = recipient?.byEmail
      ? t('referral.consentSent', { organization: recipient.organization.name[lang] })
      : t('referral.consentLetter', { organization: recipient?.organization.name[lang] ?? this.services.kb.get(values.offeringId)?.provider.name[lang] ?? '' });
    return step.prompt(CONSENT, {
      prompt: [what, days ? t('referral.consentKept', { count: days }) : '', t('referral.consentWithdraw'), t('referral.askConsent')]
        .filter(Boolean)
        .join('\n\n'),
      retryPrompt: t('referral.askConsentRetry'),
      choices: yesNo(t),
      style: ListStyle.suggestedAction,
    });
  }

  private async createStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { kb } = this.services;
    const t = turnTranslator(step.context, this.services.i18n);
    const lang = turnLanguage(step.context);
    // With consent, the client's facts stay for the next referral from the same results, until
    // "end case" or the time limit; without it, they are erased, as the answer says.
    if ((step.result as FoundChoice).value !== 'yes') {
      await this.services.clientTask.delete(step.context);
      await step.context.sendActivity(t('referral.noConsent'));
      return step.endDialog();
    }
    const values = step.values as ReferralValues;
    const referral = await this.services.referrals.create({
      offeringId: values.offeringId,
      facts: values.facts,
      language: values.language,
      channel: step.context.activity.channelId,
      caseworkerId: caseworkerIdOf(step.context),
      discreet: values.discreet,
      consent: true,
      // Where to tell the caseworker when the organization answers (a proactive message).
      notify: JSON.parse(JSON.stringify(TurnContext.getConversationReference(step.context.activity))) as Record<string, unknown>,
    });
    const offering = kb.get(referral.offeringId)!;
    // A slow mail server does not hold the turn past Teams' patience: the sending goes on, and says so.
    const sending = this.services.dispatch?.send(referral.id);
    sending?.catch(() => undefined); // a failure after the answer is the sweep's to retry, not an unhandled rejection
    const dispatched = sending && (await Promise.race([sending, delay(SEND_PATIENCE_MS).then(() => 'pending' as const)]));
    const shown = typeof dispatched === 'object' ? dispatched.referral : referral;
    await step.context.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(referralSummaryCard(kb, shown, lang, t)), t('referral.created', { reference: referral.reference })),
    );
    const letterT = this.services.i18n.getFixedT(referral.language, 'referral') as TextTranslate;
    const sentTo = typeof dispatched === 'object' && dispatched.sent ? dispatched.organization.name[referral.language] : undefined;
    const caseworker = step.context.activity.from?.name?.trim().slice(0, 80) || undefined;
    await step.context.sendActivity(`${t('referral.letterIntro')}\n\n${referralLetter(referral, offering, letterT, { organization: sentTo, caseworker })}`);
    // Then whether the organization has it, or the letter is the only way.
    if (dispatched === 'pending') await step.context.sendActivity(t('referral.dispatch.pending'));
    else if (dispatched) {
      const organization = dispatched.organization?.name[lang] ?? '';
      await step.context.sendActivity(
        dispatched.sent ? t('referral.dispatch.sent', { organization }) : t(`referral.dispatch.${dispatched.why}`, { organization }),
      );
    }
    return step.endDialog(referral.id);
  }

  /** The facts of the check that came just before, if it is recent. */
  private async clientFacts(context: TurnContext) {
    return (await freshClientTask(this.services.clientTask, context, this.services.now()))?.facts ?? {};
  }
}

const SEND_PATIENCE_MS = 3000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Yes and no, with the yes/no words of both languages as synonyms. */
function yesNo(t: Translate): Choice[] {
  return (['yes', 'no'] as const).map((v) => ({
    value: v,
    action: { type: 'imBack', title: t(`eligibility.${v}`), value: t(`eligibility.${v}`) },
    synonyms: listOf(t, `eligibility.words.${v}`),
  }));
}
