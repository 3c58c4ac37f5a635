import type { TurnContext } from 'botbuilder';
import type { DialogServices } from '../src/bot/services';
import { CLIENT_TASK_TTL_MS, type ClientTask } from '../src/bot/state';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import { assess } from '../src/eligibility/assess';
import type { Translate as ReasonTranslate } from '../src/eligibility/reasons';

/**
 * What a caseworker does with the case kept after a check's results: "why?" on one result, and
 * "end case", which forgets the client's answers (a restart or the time limit does too).
 */
export class CaseActions {
  constructor(private readonly services: DialogServices) {}

  private async kept(context: TurnContext): Promise<ClientTask | undefined> {
    const task = await this.services.clientTask.get(context);
    return task && this.services.now().getTime() - Date.parse(task.updatedAt) <= CLIENT_TASK_TTL_MS ? task : undefined;
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
    const reasonsT = { fr: i18n.getFixedT('fr', 'eligibility') as ReasonTranslate, en: i18n.getFixedT('en', 'eligibility') as ReasonTranslate };
    const a = assess(kb, id, task.facts, reasonsT, this.services.now());
    const offering = kb.get(id);
    if (!a || !offering) {
      await context.sendActivity(t('eligibility.why.which'));
      return;
    }
    const status = t(`eligibility.results.${a.status}`, { n: 1 }).replace(/\s*\(1\)$/, '');
    const lines = [
      t('eligibility.why.title', { name: offering.name[lang] }),
      `**${status}**`,
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
