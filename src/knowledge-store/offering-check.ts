import { Offering, offeringIdProblem } from '../knowledge/offering-schema';
import { zodProblems } from '../knowledge/problems';
import { errorMapFor, validationText } from '../knowledge/validation-messages';
import type { Language } from '../knowledge/vocabulary';
import type { FieldError } from './errors';
import { plainJson } from './snapshot';

/**
 * Checks one offering exactly as `kb validate` checks its file (same zod schema, same messages),
 * apart from its rules' facts, which are checked with the whole draft when it is published.
 * Valid data comes back as plain JSON with its fields in the schema's order, so that the files
 * written from it read like the hand-written ones. Messages in `lang` (the admin's language).
 */
export function checkOffering(id: string, data: unknown, lang: Language = 'en'): { errors: FieldError[]; data?: unknown } {
  const errors: FieldError[] = [];
  const idProblem = offeringIdProblem(id, lang);
  if (idProblem) errors.push({ path: '', message: idProblem });
  const parsed = Offering.safeParse(data ?? {}, { error: errorMapFor(lang) });
  if (!parsed.success) {
    errors.push(...zodProblems('', parsed.error.issues, [], lang).map(({ path, message }) => ({ path, message })));
  } else if (parsed.data.id !== undefined && parsed.data.id !== id) {
    errors.push({ path: 'id', message: validationText(lang, 'offering.idDiffersFromOfferingId', { id: parsed.data.id, offeringId: id }) });
  }
  if (errors.length > 0 || !parsed.success) return { errors };
  // The data as given (not zod's output: no defaults added, no text trimmed), in zod's key order.
  return { errors, data: plainJson(orderKeysLike(data, parsed.data)) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` with the keys of each object in the order `template` has them; keys it lacks come last. */
function orderKeysLike(value: unknown, template: unknown): unknown {
  if (Array.isArray(value)) return value.map((v, i) => orderKeysLike(v, Array.isArray(template) ? template[i] : undefined));
  if (!isRecord(value)) return value;
  const order = isRecord(template) ? Object.keys(template).filter((k) => k in value) : [];
  const keys = [...order, ...Object.keys(value).filter((k) => !order.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, orderKeysLike(value[k], isRecord(template) ? template[k] : undefined)]));
}
