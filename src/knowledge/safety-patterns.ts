import { foldDiacritics } from '../text/fold';
import { validationText, type MessageParams } from './validation-messages';
import type { Language } from './vocabulary';

/**
 * The words of a message as the safety patterns see them: lower case, accents and marks removed
 * (Arabic short vowels too, and the letters people write interchangeably: أ إ آ → ا, ى → ي,
 * ة → ه), apostrophes and punctuation as spaces ("d'en finir" → d en finir).
 */
export function safetyWords(text: string): string[] {
  const folded = foldDiacritics(text.normalize('NFKC').toLowerCase())
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ـ/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي');
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/**
 * A pattern, written by admins in knowledge/safety.yaml, is a sequence of elements separated by
 * spaces, matched against consecutive words of the message:
 *
 *   word          the word itself (after the same folding: "Québec" = quebec)
 *   word*         any word starting with it (suicid* = suicide, suicidaire)
 *   a|b|c         one of these words (each may end with *)
 *   (a b|c d)     one of these word sequences
 *   @name         one of the words of the list `name` in safety.yaml's `words` (@partner_fr)
 *   @name*        any number of words of that list, none included (@filler_fr*)
 *   element?      the element may be absent
 *   !a|b          the next word is none of these (it is not consumed)
 *   ~             up to three words, any
 *   ~~            up to eight words, any (the same sentence, roughly)
 *   ^  $          the start / the end of the message (for short cries such as "^ help me $")
 *
 * "mari|conjoint|chum ~ frappe|bat" matches « mon chum me frappe »; "(i am|we are) in danger"
 * matches "we are in danger". Apostrophes split words, as in messages: write "envie d'en finir"
 * or "envie d en finir".
 */
export interface CompiledPattern {
  source: string;
  regex: RegExp;
  /** The whole words (not prefixes) it names: typo correction corrects toward them. */
  words: string[];
}

/** Why a pattern does not compile: its message in English, `messageIn(lang)` in either language. */
export class PatternError extends Error {
  constructor(
    readonly key: string,
    readonly params: MessageParams = {},
  ) {
    super(validationText('en', key, params));
  }

  messageIn(lang: Language): string {
    return validationText(lang, this.key, this.params);
  }
}

const GAP = '(?:\\S+ ){0,3}';
const NEAR = '(?:\\S+ ){0,8}';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One alternative: words, the last of which may be a prefix (word*). */
function alternative(alt: string, words: string[]): string {
  const parts = alt.trim().split(/\s+/);
  const out: string[] = [];
  parts.forEach((part, i) => {
    const prefix = part.endsWith('*');
    const folded = safetyWords(prefix ? part.slice(0, -1) : part);
    if (folded.length === 0) throw new PatternError('pattern.noLetters', { part });
    if (prefix && (folded.length > 1 || i < parts.length - 1)) throw new PatternError('pattern.prefixOnlyLast', { part });
    if (!prefix) words.push(...folded);
    out.push(folded.map(escape).join(' ') + (prefix ? '\\S*' : ''));
  });
  return out.join(' ');
}

/** Word lists patterns refer to as @name: each entry a word, a prefix (word*) or several words. */
export type WordLists = Readonly<Record<string, readonly string[]>>;

export function compilePattern(source: string, lists: WordLists = {}): CompiledPattern {
  const raw = source.trim().match(/!?\([^)]*\)\??|\S+/g) ?? [];
  const anchoredStart = raw[0] === '^';
  const anchoredEnd = raw[raw.length - 1] === '$';
  const elements = raw.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  const words: string[] = [];
  let body = '';
  let consuming = 0;
  for (const element of elements) {
    if (element === '^' || element === '$') throw new PatternError('pattern.anchor', { element });
    if (element === '~' || element === '~~') {
      body += element === '~' ? GAP : NEAR;
      continue;
    }
    if (/^@[a-z][a-z0-9_]*\*$/.test(element)) {
      const entries = listEntries(element.slice(0, -1), lists);
      body += `(?:(?:${entries.map((a) => alternative(a, [])).join('|')}) )*`;
      continue;
    }
    const negative = element.startsWith('!');
    const bare = element.replace(/^!/, '').replace(/\?$/, '');
    if ((bare.includes('(') || bare.includes(')')) && !(bare.startsWith('(') && bare.endsWith(')'))) {
      throw new PatternError('pattern.wholeElement', { element });
    }
    const optional = !negative && element.endsWith('?') && element.length > 1;
    let inner = element.slice(negative ? 1 : 0, optional ? -1 : undefined);
    const grouped = inner.startsWith('(');
    if (grouped) {
      if (!inner.endsWith(')')) throw new PatternError('pattern.groupEnd', { element });
      inner = inner.slice(1, -1);
    }
    const alternatives = inner.split('|').filter((a) => a.trim() !== '').flatMap((a) => listEntries(a.trim(), lists));
    if (alternatives.length === 0) throw new PatternError('pattern.empty', { element });
    if (!grouped && inner.split('|').some((a) => /\s/.test(a.trim()))) throw new PatternError('pattern.severalWords', { element });
    const group = `(?:${alternatives.map((a) => alternative(a, negative ? [] : words)).join('|')}) `;
    if (negative) body += `(?!${group})`;
    else {
      body += optional ? `(?:${group})?` : group;
      if (!optional) consuming++;
    }
  }
  if (consuming === 0) throw new PatternError('pattern.needsWord');
  const regex = new RegExp(`${anchoredStart ? '^ ' : ' '}${body}${anchoredEnd ? '$' : ''}`, 'u');
  return { source, regex, words };
}

/** `@name` as the entries of its list; any other alternative as itself. */
function listEntries(alt: string, lists: WordLists): string[] {
  if (!alt.startsWith('@')) return [alt];
  const list = Object.hasOwn(lists, alt.slice(1)) ? lists[alt.slice(1)] : undefined;
  if (!list) throw new PatternError('pattern.unknownList', { list: alt.slice(1) });
  return [...list];
}

/** The text the patterns run on: the words, each followed by one space, with one space first. */
export const haystack = (words: readonly string[]): string => ` ${words.join(' ')} `;
