import {
  ComponentDialog,
  ListStyle,
  WaterfallDialog,
  type Choice,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { setTurnLanguage, turnTranslator } from '../src/bot/turn-language';
import type { DialogServices } from '../src/bot/services';
import { LANGUAGES, type Language } from '../src/knowledge/vocabulary';
import { quickChoicePrompt } from './quick-choice-prompt';

export interface LanguageOptions {
  /** Given: switch at once. Absent: ask. */
  lang?: Language;
}

const PROMPT = 'languageChoice';

/** `English` / `français` switch the conversation's language; `langue` / `language` asks. The choice is remembered for the user. */
export class LanguageDialog extends ComponentDialog {
  static readonly id = 'language';

  constructor(private readonly services: DialogServices) {
    super(LanguageDialog.id);
    this.addDialog(quickChoicePrompt(PROMPT));
    this.addDialog(new WaterfallDialog('languageSteps', [this.chooseStep.bind(this), this.applyStep.bind(this)]));
    this.initialDialogId = 'languageSteps';
  }

  private async chooseStep(step: WaterfallStepContext<LanguageOptions>): Promise<DialogTurnResult> {
    const lang = step.options?.lang;
    if (lang) return step.next(lang);
    const t = turnTranslator(step.context, this.services.i18n);
    // Each language's name in its own language; its position and code as synonyms.
    const choices: Choice[] = LANGUAGES.map((l, i) => ({
      value: l,
      action: { type: 'imBack', title: t(`choices.${l}`), value: t(`choices.${l}`) },
      synonyms: [String(i + 1), l],
    }));
    return step.prompt(PROMPT, {
      prompt: t('language.prompt'),
      retryPrompt: t('language.retry'),
      choices,
      style: ListStyle.auto,
    });
  }

  private async applyStep(step: WaterfallStepContext<LanguageOptions>): Promise<DialogTurnResult> {
    const result = step.result as Language | FoundChoice;
    const lang = (typeof result === 'string' ? result : result.value) as Language;
    const profile = await this.services.profile.get(step.context, {});
    await this.services.profile.set(step.context, { ...profile, language: lang });
    setTurnLanguage(step.context, lang);
    await step.context.sendActivity(turnTranslator(step.context, this.services.i18n)('language.switched'));
    return step.endDialog(lang);
  }
}
