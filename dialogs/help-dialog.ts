import { MessageFactory } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { audienceOf } from '../src/bot/audience';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import type { DialogServices } from '../src/bot/services';
import { suggestions } from './welcome';

/** `aide` / `help`: the commands, with suggested actions. Ends at once (a prompt below it re-asks). */
export class HelpDialog extends ComponentDialog {
  static readonly id = 'help';

  constructor(private readonly services: DialogServices) {
    super(HelpDialog.id);
    this.addDialog(new WaterfallDialog('helpSteps', [this.showStep.bind(this)]));
    this.initialDialogId = 'helpSteps';
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = turnTranslator(step.context, this.services.i18n);
    // Newcomers ask for themselves and make no referrals: their help says so.
    const middle = audienceOf(step.context) === 'self' ? ['help.eligibilitySelf'] : ['help.eligibility', 'help.caseTips', 'help.referrals'];
    const lines = ['help.intro', 'help.search', 'help.details', ...middle, 'help.language', 'help.restart', 'help.help'].map((k) => t(k));
    // Whoever asks for help may be in danger: the emergency line is always there.
    const emergency = this.services.kb.safety.lines['emergency'];
    if (emergency) lines.push(t('help.emergency', { line: emergency.name[turnLanguage(step.context)] }));
    await step.context.sendActivity(MessageFactory.suggestedActions(suggestions(t), lines.join('\n\n')));
    return step.endDialog();
  }
}
