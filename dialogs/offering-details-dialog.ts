import { CardFactory, MessageFactory } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { detailsCard } from '../src/cards/details-card';
import type { DialogServices } from '../src/bot/services';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import { findOffering } from './find-offering';
import { audienceOf } from '../src/bot/audience';

export interface OfferingOptions {
  offeringId: string;
}

/** The details of one offering (the "Details" button), with a warning when the entry is stale. */
export class OfferingDetailsDialog extends ComponentDialog {
  static readonly id = 'offeringDetails';

  constructor(private readonly services: DialogServices) {
    super(OfferingDetailsDialog.id);
    this.addDialog(new WaterfallDialog('detailsSteps', [this.showStep.bind(this)]));
    this.initialDialogId = 'detailsSteps';
  }

  private async showStep(step: WaterfallStepContext<OfferingOptions>): Promise<DialogTurnResult> {
    const offering = await findOffering(step.context, this.services, step.options?.offeringId);
    if (!offering) return step.endDialog();
    const t = turnTranslator(step.context, this.services.i18n);
    const card = detailsCard(offering, turnLanguage(step.context), t, {
      now: this.services.now(),
      staleAfterDays: this.services.staleAfterDays,
      audience: audienceOf(step.context),
      facts: this.services.kb.facts,
      // The client of the check in progress, if any: their region's point of service first.
      region: (await this.services.clientTask.get(step.context))?.facts.region,
    });
    await step.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    return step.endDialog(offering.id);
  }
}
