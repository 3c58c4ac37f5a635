import type { TurnContext } from 'botbuilder';
import type { DialogServices } from '../src/bot/services';
import { turnTranslator } from '../src/bot/turn-language';
import type { LoadedOffering } from '../src/knowledge/offering-schema';

/** The offering a button names, or undefined after telling the user it is gone (removed since the card was sent). */
export async function findOffering(context: TurnContext, services: DialogServices, id: string | undefined): Promise<LoadedOffering | undefined> {
  const offering = services.kb.get(id ?? '');
  if (!offering) await context.sendActivity(turnTranslator(context, services.i18n)('details.notFound'));
  return offering;
}
