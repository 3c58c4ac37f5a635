import type { Activity } from 'botbuilder';
import type { i18n } from 'i18next';
import { parseCardAction, type CardVerb } from '../src/cards/adaptive-card';
import { listOf, translator } from '../src/i18n/translator';
import { LANGUAGES, type Language } from '../src/knowledge/vocabulary';
import { fold } from '../src/text/fold';
import { REFERRAL_STATUSES, type ReferralStatus } from '../src/referrals/referral-schema';

/** What the user asks for in one message. */
export type Intent =
  | { kind: 'greeting' }
  | { kind: 'help' }
  | { kind: 'restart' }
  | { kind: 'language'; lang?: Language }
  | { kind: 'search'; query?: string }
  | { kind: CardVerb; offeringId: string }
  /** A check for a client; `text`: the message, when it says more than the command ("… a 34-year-old PR in Laval"). */
  | { kind: 'checkClient'; text?: string }
  /** "Change" beside an answer of the results. */
  | { kind: 'changeAnswer'; fact: string }
  /** "See all results". */
  | { kind: 'allResults' }
  /** "Why?" typed, about the results just shown. */
  | { kind: 'whyTyped' }
  /** The client's answers forgotten: the case is over. */
  | { kind: 'endCase' }
  /** "New check" after being told one is in progress: the check asked for, again. */
  | { kind: 'replaceCheck'; offeringId?: string; text?: string }
  | { kind: 'myReferrals' }
  | { kind: 'referralStatus'; referralId: string; status: ReferralStatus }
  /** "Save the label" of "my referrals": the caseworker's own label for the client, empty to remove it. */
  | { kind: 'referralLabel'; referralId: string; label: string }
  | { kind: 'admin'; command: 'status' | 'reload' }
  /** "Continue" after the safety answer: back to the question that was asked, if any. */
  | { kind: 'resume' }
  | { kind: 'empty' };

const COMMANDS = [
  'help',
  'restart',
  'resume',
  'language',
  'toFrench',
  'toEnglish',
  'greeting',
  'search',
  'checkClient',
  'myReferrals',
  'kbStatus',
  'kbReload',
  'why',
  'endCase',
] as const;
type Command = (typeof COMMANDS)[number];

/**
 * Reads a message: a button click (`activity.value` `{verb, offeringId}`, the same in Teams and
 * Web Chat), a command word, or free text, which is a search. Command words come from the
 * locales (`commands.*`) of both languages: "help" works in a French conversation, and a
 * suggested action's label is always understood.
 */
export class IntentReader {
  private readonly commands = new Map<string, Command>();
  /** The check commands of two words or more, which may start a longer message. */
  private readonly checkPrefixes: string[] = [];

  constructor(i18n: i18n) {
    for (const lang of LANGUAGES) {
      const t = translator(i18n, lang);
      for (const command of COMMANDS) {
        for (const word of listOf(t, `commands.${command}`)) if (!this.commands.has(fold(word))) this.commands.set(fold(word), command);
      }
      for (const word of listOf(t, 'commands.checkClient')) if (fold(word).includes(' ')) this.checkPrefixes.push(fold(word));
    }
  }

  read(activity: Partial<Activity>): Intent {
    const action = parseCardAction(activity.value);
    if (action) return { kind: action.verb, offeringId: action.offeringId };
    const status = parseStatusAction(activity.value);
    if (status) return { kind: 'referralStatus', ...status };
    const label = parseLabelAction(activity.value);
    if (label) return { kind: 'referralLabel', ...label };
    if (isVerb(activity.value, 'resume')) return { kind: 'resume' };
    if (isVerb(activity.value, 'allResults')) return { kind: 'allResults' };
    const change = stringField(activity.value, 'changeAnswer', 'fact');
    if (change !== undefined) return { kind: 'changeAnswer', fact: change };
    if (isVerb(activity.value, 'replaceCheck')) {
      const offeringId = stringField(activity.value, 'replaceCheck', 'offeringId');
      const text = stringField(activity.value, 'replaceCheck', 'text');
      return { kind: 'replaceCheck', ...(offeringId ? { offeringId } : {}), ...(text ? { text } : {}) };
    }
    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    if (!text) return { kind: 'empty' };
    switch (this.commands.get(fold(text))) {
      case 'help':
        return { kind: 'help' };
      case 'restart':
        return { kind: 'restart' };
      case 'resume':
        return { kind: 'resume' };
      case 'language':
        return { kind: 'language' };
      case 'toFrench':
        return { kind: 'language', lang: 'fr' };
      case 'toEnglish':
        return { kind: 'language', lang: 'en' };
      case 'greeting':
        return { kind: 'greeting' };
      case 'search':
        return { kind: 'search' };
      case 'checkClient':
        return { kind: 'checkClient' };
      case 'myReferrals':
        return { kind: 'myReferrals' };
      case 'kbStatus':
        return { kind: 'admin', command: 'status' };
      case 'kbReload':
        return { kind: 'admin', command: 'reload' };
      case 'why':
        return { kind: 'whyTyped' };
      case 'endCase':
        return { kind: 'endCase' };
      default: {
        const folded = fold(text);
        if (this.checkPrefixes.some((p) => folded.startsWith(`${p} `))) return { kind: 'checkClient', text };
        return { kind: 'search', query: text };
      }
    }
  }
}

/** A button whose data is `{verb}` alone ("continue"). */
const isVerb = (value: unknown, verb: string): boolean => !!value && typeof value === 'object' && (value as { verb?: unknown }).verb === verb;

/** A string field of a button's data with that verb, at most 500 characters. */
function stringField(value: unknown, verb: string, field: string): string | undefined {
  if (!isVerb(value, verb)) return undefined;
  const v = (value as Record<string, unknown>)[field];
  return typeof v === 'string' && v.length > 0 && v.length <= 500 ? v : undefined;
}

/** "Save the label": `{verb: 'referralLabel', referralId, 'label-<referralId>': text}` (the card's text field). */
function parseLabelAction(value: unknown): { referralId: string; label: string } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const fields = value as Record<string, unknown>;
  const { verb, referralId } = fields;
  if (verb !== 'referralLabel' || typeof referralId !== 'string' || referralId.length > 100) return undefined;
  const text = fields[`label-${referralId}`];
  return { referralId, label: typeof text === 'string' ? text : '' };
}

/** A status button of "my referrals": `{verb: 'referralStatus', referralId, status}`. */
function parseStatusAction(value: unknown): { referralId: string; status: ReferralStatus } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { verb, referralId, status } = value as Record<string, unknown>;
  if (verb !== 'referralStatus' || typeof referralId !== 'string' || referralId.length > 100) return undefined;
  if (typeof status !== 'string' || !(REFERRAL_STATUSES as readonly string[]).includes(status)) return undefined;
  return { referralId, status: status as ReferralStatus };
}
