import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DialogServices } from '../src/bot/services';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import type { OfferingOptions } from './offering-details-dialog';

/**
 * Entry point of the eligibility check (the "Check eligibility" button, verb `eligibility`).
 * Until the eligibility flow lands, it says so and shows the offering's eligibility notes.
 * The flow will replace `checkStep` with its questions; the id and options stay.
 */
export class EligibilityDialog extends ComponentDialog {
  static readonly id = 'eligibility';

  constructor(private readonly services: DialogServices) {
    super(EligibilityDialog.id);
    this.addDialog(new WaterfallDialog('eligibilitySteps', [this.checkStep.bind(this)]));
    this.initialDialogId = 'eligibilitySteps';
  }

  private async checkStep(step: WaterfallStepContext<OfferingOptions>): Promise<DialogTurnResult> {
    const t = turnTranslator(step.context, this.services.i18n);
    const offering = this.services.kb.get(step.options?.offeringId ?? '');
    if (!offering) {
      await step.context.sendActivity(t('details.notFound'));
      return step.endDialog();
    }
    const lang = turnLanguage(step.context);
    await step.context.sendActivity(t('comingSoon.eligibility', { name: offering.name[lang], notes: offering.eligibility.notes[lang] }));
    return step.endDialog();
  }
}
