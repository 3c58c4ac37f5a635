import type { Language } from '../knowledge/vocabulary';
import { foldDiacritics } from '../text/fold';
import { isStopWordIn, stemmers } from './lunr-languages';

/**
 * Text analysis shared by indexing and querying, so both sides always agree:
 *   lower-case → split into words (French elisions split off: l'aide → aide) →
 *   stop words of the text's language → diacritics folded (Québec = quebec) → stemmer of that language.
 * Run outside lunr, so lunr stores ready terms and the index needs no custom pipeline to load.
 */

/** Bump when analysis changes: a saved index built with another version is rebuilt. */
export const ANALYZER_VERSION = 6;

const ELISIONS = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);
/** Words every chat message is full of that the stop lists miss. */
const EXTRA_STOP: Record<Language, string[]> = {
  fr: [
    'où',
    'ça',
    'cela',
    'comment',
    'quoi',
    'est-ce',
    'peux',
    'puis',
    'veux',
    'voudrais',
    'faire',
    'besoin',
    'bonjour',
    'salut',
    'merci',
    'svp',
    'aussi',
    'très',
    'plus',
    'chez',
    'dois',
    'doit',
    'faut',
  ],
  en: [
    'can',
    'could',
    'would',
    'get',
    'need',
    'want',
    'please',
    'hello',
    'hi',
    'thanks',
    'thank',
    'how',
    'what',
    'where',
    'who',
    'my',
    'i',
    'im',
    'me',
    'do',
    'does',
    'much',
  ],
};

/** Short numbers spelled digit by digit: "9-8-8", "2.1.1" are 988 and 211 (a phone number's "864-9191" is not). */
const SPELLED_NUMBER = /(?<!\p{N})\p{N}(?:[-.]\p{N})+(?!\p{N})/gu;

/** Words of a text, lower-cased, elided articles removed; diacritics kept (stop lists need them). */
export function words(text: string): string[] {
  const out: string[] = [];
  const joined = text.replace(SPELLED_NUMBER, (n) => n.replace(/[-.]/g, ''));
  for (const raw of joined.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length === 0 || ELISIONS.has(raw)) continue;
    out.push(raw);
  }
  return out;
}

const stopCache: Record<Language, Map<string, boolean>> = { fr: new Map(), en: new Map() };
const extraStop: Record<Language, Set<string>> = {
  fr: new Set(EXTRA_STOP.fr.flatMap((w) => [w, foldDiacritics(w)])),
  en: new Set(EXTRA_STOP.en),
};

export function isStopWord(word: string, lang: Language): boolean {
  const cache = stopCache[lang];
  let stop = cache.get(word);
  if (stop === undefined) {
    stop = word.length < 2 || extraStop[lang].has(word) || isStopWordIn[lang](word) || isStopWordIn[lang](foldDiacritics(word));
    if (cache.size < 50_000) cache.set(word, stop);
  }
  return stop;
}

const termCache: Record<Language, Map<string, string | null>> = { fr: new Map(), en: new Map() };

/** The index term of one word in one language, or undefined for a stop word. */
export function termOf(word: string, lang: Language): string | undefined {
  const cache = termCache[lang];
  let term = cache.get(word);
  if (term === undefined) {
    if (isStopWord(word, lang)) term = null;
    else {
      const folded = foldDiacritics(word);
      // Numbers pass unstemmed (211, 811).
      term = /^\p{N}+$/u.test(folded) ? folded : stemmers[lang](folded);
    }
    if (cache.size < 100_000) cache.set(word, term);
  }
  return term ?? undefined;
}

/** Index terms of a text written in one language. */
export function analyze(text: string, lang: Language): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const t = termOf(w, lang);
    if (t) out.push(t);
  }
  return out;
}
