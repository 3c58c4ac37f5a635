import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { CrisisLine } from '../knowledge/safety-schema';
import type { Language } from '../knowledge/vocabulary';
import type { Translate } from '../i18n/translator';
import type { SafetyMatch } from '../safety/detector';
import { adaptiveCard, submit, submitData, text, type AdaptiveCard, type CardAction } from './adaptive-card';

/** At most this many situations are answered at once (the most urgent first): more would bury the numbers. */
const MAX_SITUATIONS = 2;

/** The lines of the situations answered, each once, in their order. */
function linesOf(match: SafetyMatch, kb: KnowledgeBase): CrisisLine[] {
  const ids = [...new Set(match.situations.slice(0, MAX_SITUATIONS).flatMap((s) => s.situation.lines))];
  return ids.flatMap((id) => (Object.hasOwn(kb.safety.lines, id) ? [kb.safety.lines[id]!] : []));
}

/**
 * The numbers of a text as tappable links (`tel:`, `sms:`) in markdown, for channels that render
 * them (the web chat, the Emulator). Longer written forms first, so "1 866 APPELLE (1 866 277-3553)"
 * becomes one link, not two.
 */
export function withPhoneLinks(message: string, lines: readonly CrisisLine[]): string {
  const targets: [shown: string, href: string][] = [];
  for (const line of lines) {
    if (line.dial) for (const shown of line.shown) targets.push([shown, `tel:${line.dial.length > 3 ? `+${line.dial}` : line.dial}`]);
    if (line.text) targets.push([line.text.shown, `sms:${line.text.number}`]);
  }
  targets.sort((a, b) => b[0].length - a[0].length);
  // One pass with every written form at once: a link's own text is never linked again.
  const pattern = new RegExp(targets.map(([shown]) => shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const hrefOf = new Map(targets);
  return targets.length ? message.replace(pattern, (shown) => `[${shown}](${hrefOf.get(shown)!})`) : message;
}

/** What to say first, in the conversation's language: each situation's message, most urgent first. */
export function crisisMessage(match: SafetyMatch, kb: KnowledgeBase, lang: Language, links: boolean): string {
  const message = match.situations
    .slice(0, MAX_SITUATIONS)
    .map((s) => s.situation.message[lang])
    .join('\n\n');
  return links ? withPhoneLinks(message, linesOf(match, kb)) : message;
}

/** The buttons offered after the message: the related offerings' details, and carrying on. */
function nextActions(match: SafetyMatch, kb: KnowledgeBase, lang: Language, t: Translate, checkInProgress: boolean): CardAction[] {
  const ids = [...new Set(match.situations.slice(0, MAX_SITUATIONS).flatMap((s) => s.situation.offerings))];
  const details = ids.flatMap((id) => {
    const o = kb.get(id);
    return o ? [submit(t('safety.details', { name: o.name[lang] }), 'details', o.id)] : [];
  });
  // Teams shows at most 6 buttons in a set.
  return [...details.slice(0, 4), submitData(t(checkInProgress ? 'safety.resumeCheck' : 'safety.continue'), { verb: 'resume' })];
}

/** After the message, for the person: what else may help, and a way back to where they were. */
export function safetyActionsCard(match: SafetyMatch, kb: KnowledgeBase, lang: Language, t: Translate, checkInProgress: boolean): AdaptiveCard {
  return adaptiveCard(lang, [text(t('safety.next'))], nextActions(match, kb, lang, t, checkInProgress));
}

/**
 * For a caseworker (Teams): the person's safety first, in a short card: what to do for each
 * situation, the lines with their numbers and hours, a reminder that the check can wait, and the
 * same buttons (the check in progress is kept).
 */
export function caseworkerSafetyCard(match: SafetyMatch, kb: KnowledgeBase, lang: Language, t: Translate, checkInProgress: boolean): AdaptiveCard {
  const situations = match.situations.slice(0, MAX_SITUATIONS);
  return adaptiveCard(
    lang,
    [
      text(t('safety.caseworker.title'), { weight: 'Bolder', size: 'Medium', color: 'Attention' }),
      ...situations.map((s) => text(s.situation.caseworker[lang])),
      {
        type: 'FactSet',
        facts: linesOf(match, kb).map((line) => ({
          title: line.name[lang],
          value: [line.hours?.[lang], line.url && !line.dial ? line.url : undefined].filter(Boolean).join(' — ') || line.shown.join(', '),
        })),
      },
      text(t(checkInProgress ? 'safety.caseworker.checkKept' : 'safety.caseworker.reminder'), { isSubtle: true }),
    ],
    nextActions(match, kb, lang, t, checkInProgress),
  );
}
