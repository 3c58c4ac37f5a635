import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { SafetyData, Situation } from '../knowledge/safety-schema';
import type { Language } from '../knowledge/vocabulary';
import { isStopWord } from '../search/analyzer';
import { compilePattern, haystack, safetyWords, type CompiledPattern } from '../knowledge/safety-patterns';
import { closestWord, lexiconOf, type Lexicon } from './typos';

/** Messages are read up to this length (a crisis is said early; a pasted document is not one). */
const MAX_CHARS = 2000;

export interface SafetyMatch {
  /** The situations the message suggests, most urgent first (the order of safety.yaml). */
  situations: { id: string; situation: Situation }[];
}

interface CompiledSituation {
  id: string;
  situation: Situation;
  patterns: Record<Language | 'any', CompiledPattern[]>;
  unless: CompiledPattern[];
}

/**
 * Reads a message for signs that someone is in danger, before anything else reads it. Plain
 * rules from knowledge/safety.yaml (no model): each situation's patterns in the conversation's
 * language and in `any` language; words one or two typos away from a pattern's word count as
 * that word ("suicde", "violance"), except common words of French or English.
 */
export class SafetyDetector {
  private readonly situations: CompiledSituation[];
  /** Every whole word the patterns name: what typos are corrected toward. */
  private readonly lexicon: Set<string>;
  private readonly byLength: Lexicon;
  /** Words already looked at (a bounded cache: messages repeat the same words). */
  private readonly corrections = new Map<string, string>();

  constructor(data: SafetyData) {
    const compile = (p: string) => compilePattern(p, data.words);
    this.situations = Object.entries(data.situations).map(([id, situation]) => ({
      id,
      situation,
      patterns: { fr: situation.patterns.fr.map(compile), en: situation.patterns.en.map(compile), any: situation.patterns.any.map(compile) },
      unless: situation.unless.map(compile),
    }));
    this.lexicon = new Set(
      this.situations.flatMap((s) => [...s.patterns.fr, ...s.patterns.en, ...s.patterns.any].flatMap((p) => p.words)).filter((w) => w.length >= 4),
    );
    this.byLength = lexiconOf(this.lexicon);
  }

  /** The situations `text` suggests, or undefined. Both languages' patterns are tried: people mix them. */
  detect(text: string): SafetyMatch | undefined {
    if (typeof text !== 'string' || text.trim() === '') return undefined;
    const words = safetyWords(text.slice(0, MAX_CHARS));
    const plain = haystack(words);
    const corrected = haystack(words.map((w) => this.corrected(w)));
    const found = this.situations.filter((s) => {
      const patterns = [...s.patterns.fr, ...s.patterns.en, ...s.patterns.any];
      const matches = (h: string) => patterns.some((p) => p.regex.test(h));
      if (!matches(plain) && !matches(corrected)) return false;
      return !s.unless.some((p) => p.regex.test(plain) || p.regex.test(corrected));
    });
    return found.length ? { situations: found.map(({ id, situation }) => ({ id, situation })) } : undefined;
  }

  /** A word as typed, or the pattern word it misspells. Common words are never "corrected". */
  private corrected(word: string): string {
    if (this.lexicon.has(word) || word.length < 3 || !/^\p{L}+$/u.test(word)) return word;
    if (isStopWord(word, 'fr') || isStopWord(word, 'en')) return word;
    let corrected = this.corrections.get(word);
    if (corrected === undefined) {
      corrected = closestWord(word, this.byLength) ?? word;
      if (this.corrections.size >= 20_000) this.corrections.clear();
      this.corrections.set(word, corrected);
    }
    return corrected;
  }
}

/** The detector of each knowledge base served, */
const detectors = new WeakMap<KnowledgeBase, SafetyDetector>();
/** …and of each content of safety.yaml, so that publishing offerings does not rebuild it (about 25 ms, measured). */
const byContent = new Map<string, SafetyDetector>();

export function safetyDetectorFor(kb: KnowledgeBase): SafetyDetector {
  let detector = detectors.get(kb);
  if (!detector) {
    const key = JSON.stringify(kb.safety);
    detector = byContent.get(key) ?? new SafetyDetector(kb.safety);
    if (!byContent.has(key)) {
      if (byContent.size >= 4) byContent.clear();
      byContent.set(key, detector);
    }
    detectors.set(kb, detector);
  }
  return detector;
}
