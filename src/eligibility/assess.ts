import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Language } from '../knowledge/vocabulary';
import type { ClientFacts } from './client-facts';
import { evaluateRule, type Outcome, type Status } from './evaluate';
import { reasonText, type Translate } from './reasons';

export interface Reason {
  fact: string;
  outcome: Outcome;
  fr: string;
  en: string;
}

export interface Assessment {
  id: string;
  status: Status;
  /** One per condition, the ones that decide the status first. */
  reasons: Reason[];
  /** Facts that would settle an unknown status. */
  missing: string[];
}

/** Where each outcome stands in the list of reasons: what decided the answer comes first. */
const ORDER: Record<Status, Outcome[]> = {
  ineligible: ['unmet', 'unknown', 'met'],
  unknown: ['unknown', 'unmet', 'met'],
  eligible: ['met', 'unmet', 'unknown'],
};

/** The eligibility of a client for one offering, explained in both languages. */
export function assess(kb: KnowledgeBase, offeringId: string, facts: ClientFacts, t: Record<Language, Translate>, now: Date): Assessment | undefined {
  const offering = kb.get(offeringId);
  if (!offering) return undefined;
  const e = evaluateRule(offering.eligibility.rules, facts, kb.facts, now);
  // A condition under `not` that is met counts against the client: show it by its effect.
  const effect = (o: Outcome, negated: boolean): Outcome => (!negated || o === 'unknown' ? o : o === 'met' ? 'unmet' : 'met');
  const reasons = e.conditions
    .map((c) => ({
      fact: c.condition.fact,
      outcome: effect(c.outcome, c.negated),
      fr: reasonText(c, kb.facts, 'fr', t.fr, now),
      en: reasonText(c, kb.facts, 'en', t.en, now),
    }))
    .sort((a, b) => ORDER[e.status].indexOf(a.outcome) - ORDER[e.status].indexOf(b.outcome));
  return { id: offering.id, status: e.status, reasons, missing: e.missing };
}

export function assessAll(kb: KnowledgeBase, facts: ClientFacts, t: Record<Language, Translate>, now: Date): Assessment[] {
  return kb.offerings.map((o) => assess(kb, o.id, facts, t, now)!);
}
