/** Words by length: a typed word is only compared with words of a near length. */
export type Lexicon = ReadonlyMap<number, readonly string[]>;

export function lexiconOf(words: Iterable<string>): Lexicon {
  const byLength = new Map<number, string[]>();
  for (const w of new Set(words)) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
  return byLength;
}

/**
 * The word of `lexicon` a typed word most likely misspells: one edit away (a letter missing, one
 * too many, two letters swapped, or, from 5 letters, one vowel for another or a sound-alike
 * consonant: "suicde", "mourrir", "violance", "suiside"; "rope" is not "rape") for
 * words of 4 to 7 letters, two from 8 letters, one insertion for 3-letter words ("kil" → kill).
 * A consonant for another costs two edits: that is how real words differ ("cooking" is not
 * "choking", "port" is not "mort"), and a real word must never be read as a cry for help.
 * Undefined when none is close.
 */
export function closestWord(word: string, lexicon: Lexicon): string | undefined {
  const allowed = word.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  const lengths = word.length === 3 ? [4] : Array.from({ length: 2 * allowed + 1 }, (_, i) => word.length - allowed + i);
  for (const candidate of lengths.flatMap((n) => lexicon.get(n) ?? [])) {
    const d = editDistance(word, candidate, allowed);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

const VOWELS = new Set('aeiouy');
/** Letters written for one another because they sound alike ("suiside", "kancer"). */
const SOUNDALIKE = new Set(['cs', 'sc', 'ck', 'kc', 'kq', 'qk', 'sz', 'zs', 'mn', 'nm']);
const sameClass = (x: string, y: string, set: Set<string>) => set.has(x) && set.has(y);

/**
 * Optimal string alignment distance (Damerau-Levenshtein without repeated edits), a consonant
 * substituted counting two, stopping early past `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const x = a[i - 1]!;
      const y = b[j - 1]!;
      const cost = x === y ? 0 : a.length >= 5 && (sameClass(x, y, VOWELS) || SOUNDALIKE.has(x + y)) ? 1 : 2;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
