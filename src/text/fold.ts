/**
 * Text folding, the one place it is defined: search, typed answers and command words all compare
 * text the same way, so "Québec", "QUEBEC" and "quebec" always meet.
 */

/** Diacritics removed and ligatures spelled out: "Québec" → "Quebec", "œuvre" → "oeuvre". Case is kept. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

/**
 * A short phrase as typed, for comparing with a word list: case, accents, quotes and surrounding
 * punctuation do not matter ("Français !" is "francais", "Je ne sais pas." is "je ne sais pas").
 */
export function fold(text: string): string {
  const folded = foldDiacritics(text.normalize('NFD').replace(/\p{M}/gu, ''))
    .toLowerCase()
    .replace(/[.!,;:«»"“”]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return folded.length > 1 ? folded.replace(/\s*\?+$/, '') : folded;
}
