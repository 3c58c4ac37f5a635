import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { audienceOf } from '../src/bot/audience';
import type { DialogServices } from '../src/bot/services';
import { turnLanguage, turnTranslator } from '../src/bot/turn-language';
import { caseworkerSafetyCard, crisisMessage, safetyActionsCard } from '../src/cards/safety-cards';
import { safetyDetectorFor, type SafetyMatch } from '../src/safety/detector';

/** Channels whose messages render markdown links, so that `tel:` numbers can be tapped. Teams does not dial them. */
const LINK_CHANNELS = new Set(['webchat', 'directline', 'emulator', 'test']);

/** The safety situations a typed message suggests, before anything else reads it. */
export function safetyMatch(context: TurnContext, services: DialogServices): SafetyMatch | undefined {
  const { text } = context.activity;
  return typeof text === 'string' && text.trim() ? safetyDetectorFor(services.kb).detect(text) : undefined;
}

/**
 * The safety answer, first and alone: for the person, the message (numbers as links where the
 * channel allows), then a card with the related offerings and "continue"; for a caseworker, one
 * short card with what to do, the lines and the same buttons. Nothing else is answered this turn,
 * and the dialog in progress is left as it was: "continue" asks its question again.
 */
export async function sendSafetyAnswer(context: TurnContext, match: SafetyMatch, services: DialogServices, checkInProgress: boolean): Promise<void> {
  const lang = turnLanguage(context);
  const t = turnTranslator(context, services.i18n);
  const { kb } = services;
  if (audienceOf(context) === 'caseworker') {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(caseworkerSafetyCard(match, kb, lang, t, checkInProgress))));
    return;
  }
  await context.sendActivity(MessageFactory.text(crisisMessage(match, kb, lang, LINK_CHANNELS.has(context.activity.channelId))));
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(safetyActionsCard(match, kb, lang, t, checkInProgress))));
}
