import { CardFactory, MessageFactory } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { audienceOf, caseworkerIdOf } from '../src/bot/audience';
import type { DialogServices } from '../src/bot/services';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import { myReferralsCard, referralSummaryCard } from '../src/cards/referral-cards';
import { TransitionError } from '../src/referrals/referral-lifecycle';
import { ReferralNotFoundError } from '../src/referrals/referral-store';
import type { ReferralStatus } from '../src/referrals/referral-schema';

export interface MyReferralsOptions {
  /** A status button was clicked: change this referral first. */
  change?: { referralId: string; status: ReferralStatus };
  /** "Save the label" was clicked: the caseworker's label for this referral's client (empty: removed). */
  label?: { referralId: string; label: string };
}

const MAX_LISTED = 20;

/**
 * "Mes références" / "my referrals": the caseworker's own referrals, newest first, with buttons
 * to change their status. Only the caseworker who made a referral sees or changes it.
 */
export class MyReferralsDialog extends ComponentDialog {
  static readonly id = 'myReferrals';

  constructor(private readonly services: DialogServices) {
    super(MyReferralsDialog.id);
    this.addDialog(new WaterfallDialog('myReferralsSteps', [this.showStep.bind(this)]));
    this.initialDialogId = 'myReferralsSteps';
  }

  private async showStep(step: WaterfallStepContext<MyReferralsOptions>): Promise<DialogTurnResult> {
    const { kb, referrals } = this.services;
    const t = turnTranslator(step.context, this.services.i18n);
    const lang = turnLanguage(step.context);
    if (audienceOf(step.context) !== 'caseworker') {
      await step.context.sendActivity(t('referral.caseworkersOnly'));
      return step.endDialog();
    }
    const caseworkerId = caseworkerIdOf(step.context);
    const label = step.options?.label;
    if (label) {
      try {
        const updated = await referrals.setLabel(caseworkerId, label.referralId, label.label);
        await step.context.sendActivity(t(updated.clientLabel ? 'referral.labelSaved' : 'referral.labelRemoved', { reference: updated.reference }));
      } catch (e) {
        if (!(e instanceof ReferralNotFoundError)) throw e;
        await step.context.sendActivity(t('referral.notFound'));
      }
      return step.endDialog();
    }
    const change = step.options?.change;
    if (change) {
      try {
        // Withdrawing also revokes the organization's link and tells it (when it had the referral).
        const { dispatch } = this.services;
        const updated =
          change.status === 'withdrawn' && dispatch
            ? await dispatch.withdraw(caseworkerId, change.referralId)
            : await referrals.setStatus(caseworkerId, change.referralId, change.status);
        await step.context.sendActivity(
          MessageFactory.attachment(
            CardFactory.adaptiveCard(referralSummaryCard(kb, updated, lang, t)),
            t('referral.statusChanged', { reference: updated.reference, status: t(`referral.status.${updated.status}`) }),
          ),
        );
      } catch (e) {
        // An old card's button: the referral has moved on since (the organization answered, or it was withdrawn).
        if (e instanceof TransitionError) await step.context.sendActivity(t('referral.cannotChange', { status: t(`referral.status.${e.from}`) }));
        else if (e instanceof ReferralNotFoundError) await step.context.sendActivity(t('referral.notFound'));
        else throw e;
      }
      return step.endDialog();
    }
    const mine = await referrals.listFor(caseworkerId);
    if (mine.length === 0) {
      await step.context.sendActivity(t('referral.none'));
      return step.endDialog();
    }
    const shown = mine.slice(0, MAX_LISTED);
    await step.context.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(myReferralsCard(kb, shown, lang, t)), t('referral.list', { count: mine.length, shown: shown.length })),
    );
    return step.endDialog();
  }
}
