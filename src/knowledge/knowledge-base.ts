import { createHash } from 'node:crypto';
import { FactDefinitions } from './fact-schema';
import { Glossary } from './glossary-schema';
import { Offering, offeringIdProblem, type LoadedOffering } from './offering-schema';
import { checkFactDefinitions, checkRule } from './check-rules';
import { checkPublicTexts } from './editor-notes';
import { Rule } from './rule-schema';
import { hasErrors, zodProblems, type Problem } from './problems';
import { compilePattern, PatternError } from './safety-patterns';
import { SafetyData } from './safety-schema';
import { errorMapFor, validationText } from './validation-messages';
import { CATEGORIES, EVERY_NEED, NEED_FACT, REGIONS, type Language } from './vocabulary';

/** A validated, immutable knowledge base: what search, eligibility and the bot read. */
export interface KnowledgeBase {
  /** Content hash: the same content always has the same version, whatever its formatting. */
  readonly version: string;
  readonly facts: FactDefinitions;
  readonly glossary: Glossary;
  /** Emergency and crisis lines, and what to answer first when a message suggests danger. */
  readonly safety: SafetyData;
  /** The offerings served: search, eligibility and referrals see only these. */
  readonly offerings: readonly LoadedOffering[];
  /** Retired offerings, kept for the history and the admins, served to no one. */
  readonly retired: readonly LoadedOffering[];
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
  /** Required: without it, a message about suicide or violence would get no emergency answer. */
  safety?: RawEntry;
  offerings: RawOffering[];
}

export interface ValidationOptions {
  /** For the staleness warning; injectable for tests. */
  today?: Date;
  /** Entries not reviewed for this many days get a warning. */
  staleAfterDays?: number;
  /** The language of the messages: English (`kb validate`) unless the admin reads French. */
  lang?: Language;
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
  const lang = options.lang ?? 'en';
  const error = errorMapFor(lang);
  const text = (key: string, params?: Record<string, string | number>) => validationText(lang, key, params);

  const factsParsed = FactDefinitions.safeParse(raw.facts.data ?? {}, { error });
  if (!factsParsed.success) problems.push(...zodProblems(raw.facts.file, factsParsed.error.issues, [], lang));
  const facts = factsParsed.data ?? {};
  // With broken facts, every rule would also fail: report the facts file alone.
  const factsUsable = factsParsed.success && raw.facts.data !== undefined;
  if (factsUsable) problems.push(...checkFactDefinitions(facts, raw.facts.file, lang));
  const regionFact = facts['region'];
  if (regionFact?.type === 'enum') {
    for (const r of Object.keys(regionFact.options)) {
      if (!(REGIONS as readonly string[]).includes(r)) {
        problems.push({ file: raw.facts.file, path: `region.options.${r}`, message: text('facts.notARegion', { regions: REGIONS.join(', ') }), severity: 'error' });
      }
    }
  }

  // The need a check starts from names offering categories: each option must be one.
  const needFact = facts[NEED_FACT];
  if (needFact?.type === 'enum') {
    for (const c of Object.keys(needFact.options)) {
      if (c !== EVERY_NEED && !(CATEGORIES as readonly string[]).includes(c)) {
        problems.push({ file: raw.facts.file, path: `${NEED_FACT}.options.${c}`, message: text('facts.notACategory', { categories: CATEGORIES.join(', '), everything: EVERY_NEED }), severity: 'error' });
      }
    }
  }

  let glossary: Glossary = [];
  if (raw.glossary) {
    const g = Glossary.safeParse(raw.glossary.data ?? [], { error });
    if (g.success) glossary = g.data;
    else problems.push(...zodProblems(raw.glossary.file, g.error.issues, [], lang));
  }

  const safety = validateSafety(raw.safety, problems, lang);

  const offerings: LoadedOffering[] = [];
  const retired: LoadedOffering[] = [];
  const seen = new Map<string, string>();
  for (const entry of raw.offerings) {
    const { file, id } = entry;
    const idProblem = offeringIdProblem(id, lang);
    if (idProblem) problems.push({ file, path: '', message: text('offering.fileName', { problem: idProblem }), severity: 'error' });
    const other = seen.get(id.toLowerCase());
    if (other) problems.push({ file, path: '', message: text('offering.duplicateId', { id, other }), severity: 'error' });
    seen.set(id.toLowerCase(), file);

    const parsed = Offering.safeParse(entry.data ?? {}, { error });
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error.issues, [], lang));
      // Every error at once: rules of a well-formed shape are still checked against the facts.
      const rules = Rule.safeParse((entry.data as { eligibility?: { rules?: unknown } } | undefined)?.eligibility?.rules);
      if (rules.success && rules.data && factsUsable) problems.push(...checkRule(rules.data, facts, file, 'eligibility.rules', lang));
      continue;
    }
    const offering = parsed.data;
    if (offering.id !== undefined && offering.id !== id) {
      problems.push({ file, path: 'id', message: text('offering.idDiffersFromFileName', { id: offering.id, fileName: id }), severity: 'error' });
    }
    if (offering.eligibility.rules && factsUsable) problems.push(...checkRule(offering.eligibility.rules, facts, file, 'eligibility.rules', lang));
    if (factsUsable) offering.eligibility.verify.forEach((v, i) => problems.push(...checkRule(v.when, facts, file, `eligibility.verify.${i}.when`, lang)));
    if (offering.eligibility.open && !offering.sources.some((s) => s.url === offering.eligibility.open!.source)) {
      problems.push({ file, path: 'eligibility.open.source', message: text('offering.openSourceNotListed'), severity: 'error' });
    }
    const refs = new Set(offering.sources.map((s) => s.ref));
    offering.eligibility.verify.forEach((v, i) => {
      if (v.source !== undefined && !refs.has(v.source)) {
        const known = [...refs].filter(Boolean).join(', ') || text('offering.noSourceHasRef');
        problems.push({ file, path: `eligibility.verify.${i}.source`, message: text('offering.verifySourceUnknown', { ref: v.source, refs: known }), severity: 'error' });
      }
    });
    problems.push(...checkPublicTexts(offering, file, lang));
    const ageDays = (today.getTime() - Date.parse(offering.lastReviewed)) / 86_400_000;
    if (offering.retired) {
      retired.push({ ...offering, id });
      continue;
    }
    if (ageDays > staleAfterDays) {
      problems.push({ file, path: 'lastReviewed', message: text('offering.stale', { date: offering.lastReviewed, days: staleAfterDays }), severity: 'warning' });
    }
    offerings.push({ ...offering, id });
  }

  if (safety && raw.safety) {
    const ids = new Set(offerings.map((o) => o.id));
    for (const [id, s] of Object.entries(safety.situations)) {
      s.offerings.forEach((o, i) => {
        if (!ids.has(o)) problems.push({ file: raw.safety!.file, path: `situations.${id}.offerings.${i}`, message: text('safety.unknownOffering', { offering: o }), severity: 'warning' });
      });
    }
  }

  if (hasErrors(problems) || !safety) return { problems };
  offerings.sort((a, b) => a.id.localeCompare(b.id));
  const byId = new Map(offerings.map((o) => [o.id, o]));
  retired.sort((a, b) => a.id.localeCompare(b.id));
  const version = contentHash({ facts, glossary, safety, offerings, ...(retired.length > 0 && { retired }) });
  const kb: KnowledgeBase = { version, facts, glossary, safety, offerings, retired, get: (id) => byId.get(id) };
  return { kb, problems };
}

/** safety.yaml: its shape, that each situation's lines exist, and that each pattern compiles. */
function validateSafety(entry: RawEntry | undefined, problems: Problem[], lang: Language): SafetyData | undefined {
  // Present but unreadable (a YAML error): the reader has reported why.
  if (entry && entry.data === undefined) return undefined;
  if (!entry) {
    problems.push({ file: 'safety.yaml', path: '', message: validationText(lang, 'safety.missingFile'), severity: 'error' });
    return undefined;
  }
  const parsed = SafetyData.safeParse(entry.data ?? {}, { error: errorMapFor(lang) });
  if (!parsed.success) {
    problems.push(...zodProblems(entry.file, parsed.error.issues, [], lang));
    return undefined;
  }
  const before = problems.length;
  for (const [id, s] of Object.entries(parsed.data.situations)) {
    s.lines.forEach((line, i) => {
      if (!parsed.data.lines[line]) problems.push({ file: entry.file, path: `situations.${id}.lines.${i}`, message: validationText(lang, 'safety.unknownLine', { line }), severity: 'error' });
    });
    const all: [string, string[]][] = [
      ['patterns.fr', s.patterns.fr],
      ['patterns.en', s.patterns.en],
      ['patterns.any', s.patterns.any],
      ['unless', s.unless],
    ];
    for (const [key, list] of all) {
      list.forEach((pattern, i) => {
        try {
          compilePattern(pattern, parsed.data.words);
        } catch (e) {
          if (!(e instanceof PatternError)) throw e;
          problems.push({ file: entry.file, path: `situations.${id}.${key}.${i}`, message: e.messageIn(lang), severity: 'error' });
        }
      });
    }
  }
  return problems.length === before ? parsed.data : undefined;
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
