import { factDefinition, isOption, type FactDefinition, type FactDefinitions } from '../knowledge/fact-schema';

/** What is known about one client: fact id → value. A fact that is absent is unknown. */
export type FactValue = string | number | boolean;
export type ClientFacts = Readonly<Record<string, FactValue>>;

export class FactValueError extends Error {
  constructor(
    readonly fact: string,
    message: string,
  ) {
    super(message);
    this.name = 'FactValueError';
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date written YYYY-MM-DD, as a UTC Date; undefined when it is not a real date. */
export function parseIsoDate(text: string): Date | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text ? d : undefined;
}

/**
 * Checks one value against its fact's definition, or throws FactValueError: strictly typed (an
 * age is a JSON number, never the string "34"; a whole number where the fact is in whole years),
 * and a date no later than `today` (nobody arrives in the future).
 */
export function checkFactValue(fact: string, def: FactDefinition, value: unknown, today?: Date): FactValue {
  const fail = (expected: string) => new FactValueError(fact, `fact "${fact}": ${JSON.stringify(value)} is not ${expected}`);
  switch (def.type) {
    case 'enum':
      if (isOption(def, value)) return value;
      throw fail(`one of: ${Object.keys(def.options).join(', ')}`);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw fail('true or false');
    case 'number': {
      const whole = def.wholeNumber ? 'a whole number' : 'a number';
      if (typeof value !== 'number' || !Number.isFinite(value) || value < def.min || value > def.max || (def.wholeNumber && !Number.isInteger(value))) {
        throw fail(`${whole} from ${def.min} to ${def.max} (a JSON number, not a string)`);
      }
      return value;
    }
    case 'date': {
      const date = typeof value === 'string' ? parseIsoDate(value) : undefined;
      if (!date) throw fail('a date written YYYY-MM-DD');
      if (today && date.getTime() > today.getTime()) throw fail(`a date in the past: it is after today (${today.toISOString().slice(0, 10)})`);
      return value as string;
    }
  }
}

/**
 * Client facts from untrusted input (JSON from the command line, a form): every key must be a
 * defined fact and every value fit its type. `null` means unknown and is dropped.
 */
export function parseClientFacts(input: unknown, defs: FactDefinitions, today?: Date): Record<string, FactValue> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FactValueError('', 'facts must be a JSON object such as {"status": "permanent-resident", "age": 34}');
  }
  const out: Record<string, FactValue> = {};
  for (const [fact, value] of Object.entries(input)) {
    const def = factDefinition(defs, fact);
    if (!def) throw new FactValueError(fact, `unknown fact "${fact}" (known: ${Object.keys(defs).join(', ')})`);
    if (value === null) continue;
    out[fact] = checkFactValue(fact, def, value, today);
  }
  return out;
}
