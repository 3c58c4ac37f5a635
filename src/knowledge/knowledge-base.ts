import { createHash } from 'node:crypto';
import { FactDefinitions } from './fact-schema';
import { Glossary } from './glossary-schema';
import { Offering, OFFERING_ID, type LoadedOffering } from './offering-schema';
import { checkRule } from './check-rules';
import { Rule } from './rule-schema';
import { hasErrors, zodErrorMap, zodProblems, type Problem } from './problems';
import { REGIONS } from './vocabulary';

/** A validated, immutable knowledge base: what search, eligibility and the bot read. */
export interface KnowledgeBase {
  /** Content hash: the same content always has the same version, whatever its formatting. */
  readonly version: string;
  readonly facts: FactDefinitions;
  readonly glossary: Glossary;
  readonly offerings: readonly LoadedOffering[];
  get(id: string): LoadedOffering | undefined;
}

/** Parsed but not yet validated data, with the file it came from (for messages). */
export interface RawEntry {
  file: string;
  data: unknown;
}
export interface RawOffering extends RawEntry {
  id: string;
}
export interface RawKnowledge {
  facts: RawEntry;
  glossary?: RawEntry;
  offerings: RawOffering[];
}

export interface ValidationOptions {
  /** For the staleness warning; injectable for tests. */
  today?: Date;
  /** Entries not reviewed for this many days get a warning. */
  staleAfterDays?: number;
}

export interface ValidationResult {
  kb?: KnowledgeBase;
  problems: Problem[];
}

/** Validates everything at once and returns every problem; builds the knowledge base only when there is no error. */
export function validateKnowledge(raw: RawKnowledge, options: ValidationOptions = {}): ValidationResult {
  const problems: Problem[] = [];
  const today = options.today ?? new Date();
  const staleAfterDays = options.staleAfterDays ?? 365;

  const factsParsed = FactDefinitions.safeParse(raw.facts.data ?? {}, { error: zodErrorMap });
  if (!factsParsed.success) problems.push(...zodProblems(raw.facts.file, factsParsed.error.issues));
  const facts = factsParsed.data ?? {};
  // With broken facts, every rule would also fail: report the facts file alone.
  const factsUsable = factsParsed.success && raw.facts.data !== undefined;
  const regionFact = facts['region'];
  if (regionFact?.type === 'enum') {
    for (const r of Object.keys(regionFact.options)) {
      if (!(REGIONS as readonly string[]).includes(r)) {
        problems.push({ file: raw.facts.file, path: `region.options.${r}`, message: `not one of Québec's administrative regions (${REGIONS.join(', ')})`, severity: 'error' });
      }
    }
  }

  let glossary: Glossary = [];
  if (raw.glossary) {
    const g = Glossary.safeParse(raw.glossary.data ?? [], { error: zodErrorMap });
    if (g.success) glossary = g.data;
    else problems.push(...zodProblems(raw.glossary.file, g.error.issues));
  }

  const offerings: LoadedOffering[] = [];
  const seen = new Map<string, string>();
  for (const entry of raw.offerings) {
    const { file, id } = entry;
    if (!OFFERING_ID.test(id)) {
      problems.push({ file, path: '', message: `the file name "${id}" is not a valid offering id (kebab-case: a-z, 0-9, -)`, severity: 'error' });
    }
    const other = seen.get(id.toLowerCase());
    if (other) problems.push({ file, path: '', message: `duplicate offering id "${id}" (also ${other})`, severity: 'error' });
    seen.set(id.toLowerCase(), file);

    const parsed = Offering.safeParse(entry.data ?? {}, { error: zodErrorMap });
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error.issues));
      // Every error at once: rules of a well-formed shape are still checked against the facts.
      const rules = Rule.safeParse((entry.data as { eligibility?: { rules?: unknown } } | undefined)?.eligibility?.rules);
      if (rules.success && rules.data && factsUsable) problems.push(...checkRule(rules.data, facts, file, 'eligibility.rules'));
      continue;
    }
    const offering = parsed.data;
    if (offering.id !== undefined && offering.id !== id) {
      problems.push({ file, path: 'id', message: `"${offering.id}" differs from the file name "${id}"`, severity: 'error' });
    }
    if (offering.eligibility.rules && factsUsable) problems.push(...checkRule(offering.eligibility.rules, facts, file, 'eligibility.rules'));
    const ageDays = (today.getTime() - Date.parse(offering.lastReviewed)) / 86_400_000;
    if (ageDays > staleAfterDays) {
      problems.push({ file, path: 'lastReviewed', message: `last reviewed ${offering.lastReviewed}, more than ${staleAfterDays} days ago`, severity: 'warning' });
    }
    offerings.push({ ...offering, id });
  }

  if (hasErrors(problems)) return { problems };
  offerings.sort((a, b) => a.id.localeCompare(b.id));
  const byId = new Map(offerings.map((o) => [o.id, o]));
  const version = contentHash({ facts, glossary, offerings });
  const kb: KnowledgeBase = { version, facts, glossary, offerings, get: (id) => byId.get(id) };
  return { kb, problems };
}

/** A short hash of canonical JSON (keys sorted), so formatting and key order never change a version. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
