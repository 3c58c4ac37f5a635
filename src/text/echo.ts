/**
 * A user's words as the bot quotes them back ("no service for « … »"): control characters and
 * bidirectional overrides removed (they could reorder or hide the rest of the message on
 * screen), whitespace collapsed, and cut on a character, never inside a surrogate pair.
 */
const UNSAFE = /[\p{Cc}\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/gu;

export function echoable(text: string, max: number): string {
  const clean = text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}
