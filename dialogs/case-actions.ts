import type { TurnContext } from 'botbuilder';
import type { DialogServices } from '../src/bot/services';
import { freshClientTask, type ClientTask } from '../src/bot/state';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import { assess } from '../src/eligibility/assess';
import { translatorsOf } from '../src/i18n/translator';

/**
 * What a caseworker does with the case kept after a check's results: "why?" on one result, and
 * "end case", which forgets the client's answers (a restart or the time limit does too).
 */
export class CaseActions {
  constructor(private readonly services: DialogServices) {}

  private kept(context: TurnContext): Promise<ClientTask | undefined> {
    return freshClientTask(this.services.clientTask, context, this.services.now());
  }

  /** The decisive reasons for one offering of the kept case; typed "why?" explains the only result, or says to tap "Why?". */
  async why(context: TurnContext, offeringId?: string): Promise<void> {
    const { kb, i18n } = this.services;
    const t = turnTranslator(context, i18n);
    const lang = turnLanguage(context);
    const task = await this.kept(context);
    if (!task) {
      await context.sendActivity(t('eligibility.why.noCheck'));
      return;
    }
    const id = offeringId ?? (task.results?.length === 1 ? task.results[0] : undefined);
    if (!id) {
      await context.sendActivity(t('eligibility.why.which'));
      return;
    }
    const a = assess(kb, id, task.facts, translatorsOf(i18n, 'eligibility'), this.services.now());
    const offering = kb.get(id);
    if (!a || !offering) {
      await context.sendActivity(t('eligibility.why.which'));
      return;
    }
    const lines = [
      t('eligibility.why.title', { name: offering.name[lang] }),
      `**${t(`eligibility.why.status.${a.status}`)}**`,
      ...a.reasons.map((r) => `- ${r[lang]}`),
      ...(a.status === 'eligible' && a.reasons.length === 0 ? [t('eligibility.results.openToAll')] : []),
      ...(a.missing.length ? [t('eligibility.results.missing', { facts: a.missing.map((f) => kb.facts[f]?.label[lang] ?? f).join(', ') })] : []),
    ];
    await context.sendActivity(lines.join('\n\n'));
  }

  async endCase(context: TurnContext): Promise<void> {
    const t = turnTranslator(context, this.services.i18n);
    const had = await this.kept(context);
    await this.services.clientTask.delete(context);
    await context.sendActivity(t(had ? 'eligibility.endCase' : 'eligibility.noCase'));
  }
}
