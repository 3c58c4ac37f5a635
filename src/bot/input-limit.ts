/** Longer messages are cut: nobody describes a need in more, and search reads far less. */
export const MAX_MESSAGE_CHARS = 4000;

/** The text cut to the limit, without splitting a surrogate pair. */
export function cutMessage(text: string, max = MAX_MESSAGE_CHARS): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: text.slice(0, end), cut: true };
}
