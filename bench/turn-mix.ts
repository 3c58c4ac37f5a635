/**
 * The conversation each autocannon connection holds in `npm run bench:turns`: its own
 * conversation and user (ids unique to the run and the connection), in French or English, cycling
 * through five realistic turns, as a caseworker in the Emulator (channel `emulator`, local mode):
 *
 *   greeting ("bonjour", "hello"...) → search ("cours de français", "health insurance"...) →
 *   the first result's eligibility button → "I don't know" on the question asked →
 *   the same offering's details button (which also leaves the check if a question is still open).
 *
 * The offering comes from the search's results card and the fact from the question card, as a
 * person clicking would. Against the floor server, which answers no activity, the same bodies are
 * sent with a fixed offering and fact.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AutocannonRequest } from './autocannon';

export const KINDS = ['greeting', 'search', 'eligibility', 'answer', 'details'] as const;
export type TurnKind = (typeof KINDS)[number];

type Lang = 'fr' | 'en';
const GREETINGS: Record<Lang, string[]> = { fr: ['bonjour', 'salut', 'bonsoir'], en: ['hello', 'hi', 'good morning'] };
const SEARCHES: Record<Lang, string[]> = {
  fr: [
    'cours de français',
    'trouver un emploi',
    'assurance maladie',
    'aide au logement',
    'reconnaissance des diplômes',
    'garderie subventionnée',
    'aide juridique',
  ],
  en: ['health insurance', 'French classes', 'find a job', 'child benefit', 'legal aid', 'help with housing', 'recognition of my diploma'],
};
/** What the floor server is sent (it answers no card to read them from). */
const FALLBACK = { offeringId: 'francisation-quebec', fact: 'age' };

/**
 * What one autocannon run saw, filled by the connections' `onResponse`. Only responses that
 * arrive inside `window` (performance.now() ms) are counted: the run's warm-up is left out.
 */
export interface RunStats {
  window: { start: number; end: number };
  /** Connections that have had their first response, and when the last of them got it. */
  connectionsServed: number;
  lastFirstResponseAt: number;
  /** Latency of every response, by turn kind, in ms (sub-millisecond, unlike autocannon's histogram). */
  latencies: Record<TurnKind, number[]>;
  statuses: Record<string, number>;
  /** 200 without any message activity. */
  empty: number;
  /** 200 with the bot's apology (onTurnError): a turn that failed inside the bot. */
  apologies: number;
  /** 200 with messages, but not what this turn should show (no results card, no question...). */
  unexpected: Record<TurnKind, number>;
}

export const newStats = (): RunStats => ({
  window: { start: 0, end: Infinity },
  connectionsServed: 0,
  lastFirstResponseAt: 0,
  latencies: { greeting: [], search: [], eligibility: [], answer: [], details: [] },
  statuses: {},
  empty: 0,
  apologies: 0,
  unexpected: { greeting: 0, search: 0, eligibility: 0, answer: 0, details: 0 },
});

/** The start of each `errors.*` sentence of both locales, before its `{{id}}`. */
export function apologyPrefixes(root: string): string[] {
  return (['fr', 'en'] as const).flatMap((lang) => {
    const bot = JSON.parse(readFileSync(join(root, 'locales', lang, 'bot.json'), 'utf8')) as { errors: Record<string, string> };
    return Object.values(bot.errors).map((s) => s.slice(0, 30));
  });
}

interface Activity {
  type: string;
  text?: string;
  attachments?: unknown[];
}

export interface ConversationOptions {
  /** Tells this run's conversations from every other run's. */
  run: string;
  /** The connection's number. */
  index: number;
  stats: RunStats;
  /** Read the replies (Passerelle); the floor answers none. */
  checkReplies: boolean;
  apologies: string[];
}

/** The requests of one connection: one conversation, the five turns again and again. */
export function conversationRequests(o: ConversationOptions): AutocannonRequest[] {
  const lang: Lang = o.index % 2 === 0 ? 'fr' : 'en';
  const conversation = { id: `bench-${o.run}-${o.index}` };
  const from = { id: `user-${o.run}-${o.index}`, name: `Caseworker ${o.index}` };
  const state = { sent: 0, cycle: 0, sentAt: 0, first: true, offeringId: FALLBACK.offeringId, fact: FALLBACK.fact };

  const pick = (xs: string[]) => xs[(state.cycle + o.index) % xs.length]!;
  const turn = (kind: TurnKind): Record<string, unknown> => {
    switch (kind) {
      case 'greeting':
        return { text: pick(GREETINGS[lang]) };
      case 'search':
        return { text: pick(SEARCHES[lang]) };
      case 'eligibility':
        return { value: { verb: 'eligibility', offeringId: state.offeringId } };
      case 'answer':
        return { value: { verb: 'answer', fact: state.fact, special: 'dontKnow' } };
      case 'details':
        return { value: { verb: 'details', offeringId: state.offeringId } };
    }
  };

  /** Reads the offering and the fact to click next; counts what is wrong when `count`. */
  const onReply = (kind: TurnKind, body: string, count: boolean) => {
    const wrong = (what: 'empty' | 'apologies' | TurnKind) => {
      if (!count) return;
      if (what === 'empty' || what === 'apologies') o.stats[what]++;
      else o.stats.unexpected[what]++;
    };
    let activities: Activity[];
    try {
      activities = ((JSON.parse(body) as { activities?: Activity[] }).activities ?? []).filter((a) => a.type === 'message');
    } catch {
      return wrong(kind);
    }
    if (activities.length === 0) return wrong('empty');
    if (activities.some((a) => typeof a.text === 'string' && o.apologies.some((p) => a.text!.startsWith(p)))) return wrong('apologies');
    const found = (re: RegExp) => re.exec(body)?.[1];
    let ok = true;
    if (kind === 'search') {
      const id = found(/"verb":"details","offeringId":"([^"]+)"/);
      if (id) state.offeringId = id;
      ok = !!id;
    } else if (kind === 'eligibility') {
      const fact = found(/"verb":"answer","fact":"([^"]+)"/);
      if (fact) state.fact = fact;
      ok = !!fact;
    } else if (kind === 'details') {
      ok = activities.some((a) => (a.attachments?.length ?? 0) > 0);
    }
    if (!ok) wrong(kind);
  };

  return KINDS.map((kind): AutocannonRequest => ({
    method: 'POST',
    path: '/api/messages',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => {
      if (kind === KINDS[0] && state.sent > 0) state.cycle++;
      const activity = {
        type: 'message',
        id: `${conversation.id}-${state.sent++}`,
        channelId: 'emulator',
        conversation,
        from,
        recipient: { id: 'passerelle', name: 'Passerelle' },
        locale: lang === 'fr' ? 'fr-CA' : 'en-CA',
        timestamp: new Date().toISOString(),
        deliveryMode: 'expectReplies',
        ...turn(kind),
      };
      state.sentAt = performance.now();
      return { ...request, body: JSON.stringify(activity) };
    },
    onResponse: (status, body) => {
      const now = performance.now();
      if (state.first) {
        state.first = false;
        o.stats.connectionsServed++;
        o.stats.lastFirstResponseAt = now;
      }
      const counted = now >= o.stats.window.start && now <= o.stats.window.end;
      if (counted) {
        o.stats.statuses[status] = (o.stats.statuses[status] ?? 0) + 1;
        o.stats.latencies[kind].push(now - state.sentAt);
      }
      if (status === 200 && o.checkReplies) onReply(kind, body, counted);
    },
  }));
}
