/**
 * Deeper than this, a JSON body is refused: real activities nest a handful of levels (Adaptive
 * Card submits, Teams channel data), and very deep values overflow the stack of whatever walks
 * them later (structuredClone, JSON formatters).
 */
export const MAX_JSON_DEPTH = 32;

/** True when `value` nests objects or arrays more than `max` levels deep (iterative: no recursion to overflow). */
export function nestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (!current || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(current as Record<string, unknown>)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Entities as botbuilder can read them: objects with a string `type`; a mention must name who
 * (`mentioned.id`). Anything else is dropped rather than refused: entities are hints
 * (client info, mentions), and botbuilder throws on malformed ones.
 */
export function usableEntities(entities: unknown): Record<string, unknown>[] | undefined {
  if (!Array.isArray(entities)) return undefined;
  return entities.filter((e): e is Record<string, unknown> => {
    if (!isObject(e) || typeof e.type !== 'string') return false;
    if (e.type.toLowerCase() === 'mention') return isObject(e.mentioned) && typeof e.mentioned.id === 'string';
    return true;
  });
}
