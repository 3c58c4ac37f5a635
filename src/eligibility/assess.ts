import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Language } from '../knowledge/vocabulary';
import type { ClientFacts } from './client-facts';
import { evaluateOffering, type Outcome, type Status } from './evaluate';
import { basisText, effectOf, type Translate } from './reasons';

export interface Reason {
  /** The fact it is about; empty for a reason about the offering itself (open to everyone, no published criteria). */
  fact: string;
  outcome: Outcome;
  fr: string;
  en: string;
}

export interface Assessment {
  id: string;
  status: Status;
  /** What decides the status, and only that: for "eligible" the branch that was met, for "ineligible" what failed, for "to check" what is missing or unsure. */
  reasons: Reason[];
  /** Facts whose answer can change a "to check". */
  missing: string[];
}

/** The eligibility of a client for one offering, explained in both languages. */
export function assess(kb: KnowledgeBase, offeringId: string, facts: ClientFacts, t: Record<Language, Translate>, now: Date): Assessment | undefined {
  const offering = kb.get(offeringId);
  if (!offering) return undefined;
  const e = evaluateOffering(offering, facts, kb.facts, now);
  const reasons = e.decisive.map((b): Reason => {
    const fact = b.kind === 'condition' ? b.result.condition.fact : b.kind === 'verify' ? (b.facts[0] ?? '') : '';
    const outcome: Outcome = b.kind === 'condition' ? effectOf(b.result) : b.kind === 'open' ? 'met' : 'unknown';
    return { fact, outcome, fr: basisText(b, kb.facts, 'fr', t.fr, now), en: basisText(b, kb.facts, 'en', t.en, now) };
  });
  return { id: offering.id, status: e.status, reasons, missing: e.missing };
}

export function assessAll(kb: KnowledgeBase, facts: ClientFacts, t: Record<Language, Translate>, now: Date): Assessment[] {
  return kb.offerings.map((o) => assess(kb, o.id, facts, t, now)!);
}
