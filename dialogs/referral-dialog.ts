import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DialogServices } from '../src/bot/services';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import type { OfferingOptions } from './offering-details-dialog';

/**
 * Entry point of the referral (the "Refer" button, verb `refer`). Until the referral flow lands,
 * it says so and shows how to access the offering. The flow will replace `referStep`; the id
 * and options stay.
 */
export class ReferralDialog extends ComponentDialog {
  static readonly id = 'referral';

  constructor(private readonly services: DialogServices) {
    super(ReferralDialog.id);
    this.addDialog(new WaterfallDialog('referralSteps', [this.referStep.bind(this)]));
    this.initialDialogId = 'referralSteps';
  }

  private async referStep(step: WaterfallStepContext<OfferingOptions>): Promise<DialogTurnResult> {
    const t = turnTranslator(step.context, this.services.i18n);
    const offering = this.services.kb.get(step.options?.offeringId ?? '');
    if (!offering) {
      await step.context.sendActivity(t('details.notFound'));
      return step.endDialog();
    }
    const lang = turnLanguage(step.context);
    await step.context.sendActivity(t('comingSoon.referral', { name: offering.name[lang], howTo: offering.access.howTo[lang] }));
    return step.endDialog();
  }
}
