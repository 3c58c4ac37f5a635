import { factDefinition, type FactDefinition, type FactDefinitions } from '../knowledge/fact-schema';
import type { Localized } from '../knowledge/localized';
import { fold } from '../text/fold';
import { parseNumberAnswer } from './answers';
import type { FactValue } from './client-facts';
import { readDate, type Approximate } from './understand-dates';

/**
 * Reading what a caseworker types by meaning: an option by any of its labels or words
 * ("résidente permanente", "Résident·e permanent·e", "RP", "asylum seeker"), a number or a date
 * inside a sentence ("elle a 34 ans", "depuis 2023"), and several facts in one message ("she's a
 * PR since 2023, lives in Laval, 34"). The words are data (`words` in knowledge/facts.yaml); this
 * module only compares them. Anything it cannot read stays unread: it never guesses a value.
 */

export interface Understood {
  value: FactValue;
  /** The value stands for a period ("2023", "last spring"): the dialog checks whether it matters. */
  approx?: Approximate;
}

type EnumFact = Extract<FactDefinition, { type: 'enum' }>;

/** Words before a phrase that deny it: "pas RP", "not a PR", "no longer sponsored". */
const NEGATIONS = new Set(['pas', 'not', 'non', 'no', 'plus', 'jamais', 'never', 'isnt', 'nest', 'aucun', 'aucune', 'sans', 'without']);
const FILLERS = new Set(['de', 'd', 'un', 'une', 'a', 'an', 'le', 'la', 'du', 'longer', 'encore', 'yet']);

/**
 * One form for words that mean the same: folded, inclusive and feminine endings brought to the
 * masculine ("résident·e" and "résidente" are "resident"), plural s dropped, apostrophes and
 * hyphens as spaces. Applied on both sides of a comparison, so over-reduction is harmless.
 */
export function wordsOf(text: string): string[] {
  const inclusive = text
    .replace(/[·•∙⋅]\p{L}*/gu, '')
    .replace(/\((?:e|es|ne|nes|se|euse|ère|ere|le|fe|ve|trice)\)/giu, '')
    .replace(/(\p{Ll})\.(?:e|es|ne|euse|ère|trice)\b/gu, '$1');
  return fold(inclusive)
    .replace(/[’'`‐‑–—\-/()]/g, ' ')
    .replace(/[?]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map(reduceWord);
}

function reduceWord(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  let s = w.replace(/s$/, '');
  s = s
    .replace(/euse$/, 'eur')
    .replace(/trice$/, 'teur')
    .replace(/ere$/, 'er')
    .replace(/enne$/, 'en')
    .replace(/ee$/, 'e')
    .replace(/ive$/, 'if')
    .replace(/([nr])te$/, '$1t');
  return s;
}

interface Phrase {
  fact: string;
  value: string | boolean;
  words: string[];
}

interface Match extends Phrase {
  start: number;
  negated: boolean;
}

/** Where `phrase` occurs in `words` as whole words. */
function occurrences(words: readonly string[], phrase: readonly string[]): number[] {
  const found: number[] = [];
  for (let i = 0; i + phrase.length <= words.length; i++) if (phrase.every((p, j) => words[i + j] === p)) found.push(i);
  return found;
}

function negatedAt(words: readonly string[], start: number): boolean {
  for (let i = start - 1, seen = 0; i >= 0 && seen < 3; i--, seen++) {
    if (NEGATIONS.has(words[i]!)) return true;
    if (!FILLERS.has(words[i]!)) return false;
  }
  return false;
}

function matchesIn(words: readonly string[], phrases: readonly Phrase[]): Match[] {
  return phrases.flatMap((p) => occurrences(words, p.words).map((start) => ({ ...p, start, negated: negatedAt(words, start) })));
}

/** The phrases of an enum's options: labels in both languages, the option's id, and its words. */
function enumPhrases(fact: string, def: EnumFact, labels: 'all' | 'specific'): Phrase[] {
  const phrases: Phrase[] = [];
  for (const [value, label] of Object.entries(def.options)) {
    const texts = [...(def.words?.[value] ?? [])];
    for (const l of [label.fr, label.en, value.replace(/-/g, ' ')]) {
      const words = wordsOf(l);
      // Out of a question, a one-word label ("Aucun", "Open") says too little to be an answer.
      if (labels === 'all' || words.length >= 2 || (words[0]?.length ?? 0) >= 6) texts.push(l);
    }
    for (const t of texts) phrases.push({ fact, value, words: wordsOf(t) });
  }
  return phrases.filter((p) => p.words.length > 0);
}

function booleanPhrases(fact: string, def: FactDefinition): Phrase[] {
  const words = def.words ?? {};
  return [
    ...(words['yes'] ?? []).map((t) => ({ fact, value: true, words: wordsOf(t) })),
    ...(words['no'] ?? []).map((t) => ({ fact, value: false, words: wordsOf(t) })),
  ].filter((p) => p.words.length > 0);
}

/** A match's value, a denied yes being a no ("pas parrainée"); a denied option is no answer. */
const valueOf = (m: Match): string | boolean | undefined => (m.negated ? (m.value === true ? false : undefined) : m.value);

/**
 * The option meant by a typed answer to an enum question: its number in the list, or the longest
 * label or word found in the text. Two different options found at the same length: no answer.
 */
export function readOption(text: string, fact: string, def: EnumFact): string | undefined {
  const words = wordsOf(text);
  if (words.length === 1 && /^\d+$/.test(words[0]!)) return Object.keys(def.options)[Number(words[0]) - 1];
  const found = matchesIn(words, enumPhrases(fact, def, 'all')).filter((m) => valueOf(m) !== undefined);
  return longestValue(found) as string | undefined;
}

/** A yes or no said in the fact's own words ("parrainée", "not sponsored"). */
export function readBooleanWords(text: string, fact: string, def: FactDefinition): boolean | undefined {
  return longestValue(
    matchesIn(wordsOf(text), booleanPhrases(fact, def)).filter((m) => valueOf(m) !== undefined),
    valueOf,
  ) as boolean | undefined;
}

function longestValue(found: readonly Match[], value: (m: Match) => string | boolean | undefined = (m) => m.value): string | boolean | undefined {
  if (found.length === 0) return undefined;
  const longest = Math.max(...found.map((m) => m.words.length));
  const values = new Set(found.filter((m) => m.words.length === longest).map(value));
  return values.size === 1 ? [...values][0] : undefined;
}

/** What a fact's `hints` say about words that are no answer ("CSQ"), in the text's words. */
export function hintFor(text: string, def: FactDefinition): { say: Localized } | undefined {
  const words = wordsOf(text);
  return def.hints?.find((h) => h.words.some((w) => occurrences(words, wordsOf(w)).length > 0));
}

/** Durations that are a date, not an age: "il y a 2 ans", "depuis 3 ans", "2 years ago", "for 2 years". */
const DURATION =
  /(?:il y a|ya|depuis|for|since|arrive\w*(?: au canada| au quebec)? (?:il y a|depuis))\s+(\d{1,3})\s*(?:ans?|years?|yrs?|mois|months?)\b|\b(\d{1,3})\s*(?:ans?|years?|yrs?|months?|mois)\s+(?:ago|passes?|here|au canada|in canada|au quebec|in quebec|ici)\b/;

/**
 * An age in a sentence: "34 ans", "34 years old", "34-year-old", "âgée de 34 ans", "age 34",
 * "I am 40", "elle a 34 ans"; not "il y a 2 ans" (a date) nor "elle a 2 enfants".
 */
export function readAge(text: string): number | undefined {
  const s = fold(text).replace(/[’'`]/g, "'");
  const withoutDurations = s.replace(new RegExp(DURATION.source, 'g'), ' ');
  const patterns = [
    /\b(\d{1,3})\s*(?:-\s*)?(?:ans|an|years?|yrs?|yo|y\/o|y o)\b/,
    /\b(?:age|agee?|aged|age de|agee de|agee? de)\s*:?\s*(?:de\s+)?(\d{1,3})\b/,
    /\b(?:i am|i'm|im|she is|she's|shes|he is|he's|hes|they are|they're|j'ai|elle a|il a|iel a)\s+(\d{1,3})\b(?=\s*(?:$|[,;!?)]|et\b|and\b|ans?\b|years?\b))/,
  ];
  for (const p of patterns) {
    const m = p.exec(withoutDurations);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * A number typed as the answer to a number question: the number alone ("34", "2,5"), an age in a
 * sentence, or the one number of a short answer ("environ 40"). A duration is no number answer.
 */
export function readNumber(text: string): number | undefined {
  const alone = parseNumberAnswer(text);
  if (alone !== undefined) return alone;
  const age = readAge(text);
  if (age !== undefined) return age;
  const s = fold(text);
  if (DURATION.test(s)) return undefined;
  const numbers = s.match(/\b\d+(?:[.,]\d+)?\b/g) ?? [];
  return numbers.length === 1 ? Number(numbers[0].replace(',', '.')) : undefined;
}

/** The answer a typed text gives to one question, read by meaning; undefined when it gives none. */
export function readAnswer(
  text: string,
  fact: string,
  def: FactDefinition,
  today: Date,
  yesNo: { yes: readonly string[]; no: readonly string[] },
): Understood | undefined {
  switch (def.type) {
    case 'enum': {
      const value = readOption(text, fact, def);
      return value === undefined ? undefined : { value };
    }
    case 'boolean': {
      const s = fold(text);
      if (yesNo.yes.some((w) => fold(w) === s)) return { value: true };
      if (yesNo.no.some((w) => fold(w) === s)) return { value: false };
      const value = readBooleanWords(text, fact, def);
      return value === undefined ? undefined : { value };
    }
    case 'number': {
      const value = readNumber(text);
      return value === undefined ? undefined : { value };
    }
    case 'date':
      return readDate(text, today);
  }
}

/**
 * Every fact a message states, read by meaning: enum and boolean facts by their words (the
 * longest phrases first, so "aucun permis de travail" is a work permit and not a status), an age,
 * and a date (an arrival: "depuis 2023", "il y a 2 ans").
 */
export function readFacts(text: string, defs: FactDefinitions, today: Date): Map<string, Understood> {
  const words = wordsOf(text);
  const found = matchesIn(words, factPhrases(defs)).sort((a, b) => b.words.length - a.words.length || a.start - b.start);
  const taken: { start: number; end: number }[] = [];
  const result = new Map<string, Understood>();
  for (const m of found) {
    const end = m.start + m.words.length;
    const value = valueOf(m);
    // A span already read is not read again, except as the very same span for another fact ("family class").
    const overlaps = taken.some((t) => m.start < t.end && end > t.start && !(t.start === m.start && t.end === end));
    if (overlaps || value === undefined) continue;
    taken.push({ start: m.start, end });
    if (!result.has(m.fact)) result.set(m.fact, { value });
  }

  const ageFact = Object.entries(defs).find(([, d]) => d.type === 'number' && d.growsYearly)?.[0];
  if (ageFact) {
    const age = readAge(text) ?? loneNumber(text);
    const def = factDefinition(defs, ageFact)!;
    if (age !== undefined && def.type === 'number' && age >= def.min && age <= def.max) result.set(ageFact, { value: age });
  }
  const dateFacts = Object.entries(defs).filter(([, d]) => d.type === 'date');
  if (dateFacts.length === 1) {
    const date = readDate(text, today);
    if (date) result.set(dateFacts[0]![0], date);
  }
  return result;
}

/** Every fact's phrases for reading a free message, made once per knowledge base (read on every typed message). */
const PHRASES = new WeakMap<FactDefinitions, Phrase[]>();
function factPhrases(defs: FactDefinitions): Phrase[] {
  let phrases = PHRASES.get(defs);
  if (!phrases) {
    phrases = Object.entries(defs).flatMap(([fact, def]) =>
      def.type === 'enum' ? enumPhrases(fact, def, 'specific') : def.type === 'boolean' ? booleanPhrases(fact, def) : [],
    );
    PHRASES.set(defs, phrases);
  }
  return phrases;
}

/** A part of a list that is only a number ("…, lives in Laval, 34"): an age. */
function loneNumber(text: string): number | undefined {
  const parts = text.split(/[,;\n]| et | and /).map((p) => p.trim());
  const numbers = parts.filter((p) => /^\d{1,3}$/.test(p));
  return numbers.length === 1 && parts.length > 1 ? Number(numbers[0]) : undefined;
}
