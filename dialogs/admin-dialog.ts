import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { turnRole } from '../src/bot/role-middleware';
import type { DialogServices } from '../src/bot/services';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import { daysSince, formatDate } from '../src/cards/format';
import type { Translate } from '../src/i18n/translator';
import type { Language } from '../src/knowledge/vocabulary';

export interface AdminOptions {
  command: 'status' | 'reload';
}

/** How many stale entries `kb status` names before summarizing the rest. */
const STALE_SHOWN = 10;

/**
 * `kb status` and `kb reload`, for the admins of ADMIN_AAD_OBJECT_IDS in Teams only. Anyone else
 * gets a clear refusal and nothing about the knowledge base's internals.
 */
export class AdminDialog extends ComponentDialog {
  static readonly id = 'admin';

  constructor(private readonly services: DialogServices) {
    super(AdminDialog.id);
    this.addDialog(new WaterfallDialog('adminSteps', [this.runStep.bind(this)]));
    this.initialDialogId = 'adminSteps';
  }

  private async runStep(step: WaterfallStepContext<AdminOptions>): Promise<DialogTurnResult> {
    const t = turnTranslator(step.context, this.services.i18n);
    if (!turnRole(step.context).admin) {
      await step.context.sendActivity(t('admin.refused'));
      return step.endDialog();
    }
    await step.context.sendActivity(step.options.command === 'reload' ? await this.reload(t) : this.status(t, turnLanguage(step.context)));
    return step.endDialog();
  }

  private status(t: Translate, lang: Language): string {
    const { kb, staleAfterDays } = this.services;
    const now = this.services.now();
    const lines = [t('admin.status', { version: kb.version, offerings: kb.offerings.length })];
    const published = this.services.knowledgeAdmin?.published();
    if (published)
      lines.push(t('admin.published', { number: published.number, date: formatDate(published.publishedAt.slice(0, 10), lang), who: published.publishedBy }));
    const stale = kb.offerings.filter((o) => daysSince(o.lastReviewed, now) > staleAfterDays).sort((a, b) => a.lastReviewed.localeCompare(b.lastReviewed));
    if (stale.length === 0) lines.push(t('admin.noneStale', { days: staleAfterDays }));
    else {
      lines.push(t('admin.stale', { count: stale.length, days: staleAfterDays }));
      const shown = stale.slice(0, STALE_SHOWN).map((o) => t('admin.staleLine', { name: o.name[lang], date: formatDate(o.lastReviewed, lang) }));
      if (stale.length > STALE_SHOWN) shown.push(t('admin.staleMore', { n: stale.length - STALE_SHOWN }));
      lines.push(shown.join('\n'));
    }
    return lines.join('\n\n');
  }

  private async reload(t: Translate): Promise<string> {
    const admin = this.services.knowledgeAdmin;
    if (!admin) return t('admin.unavailable');
    const outcome = await admin.reload();
    if (!outcome.ok)
      return [
        t('admin.reloadFailed'),
        outcome.problems
          .slice(0, 20)
          .map((p) => `- ${p}`)
          .join('\n'),
      ].join('\n\n');
    return outcome.changed
      ? t('admin.reloaded', { version: outcome.version, offerings: outcome.offerings })
      : t('admin.unchanged', { version: outcome.version });
  }
}
