import type { z } from 'zod';
import { errorMapFor, joinWith, validationText } from './validation-messages';
import type { Language } from './vocabulary';

/** One finding of validation, printed as `file: field.path: message`. */
export interface Problem {
  file: string;
  /** Dotted path to the field, e.g. `eligibility.rules.all.0.fact`; empty for the whole file. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export const formatProblem = (p: Problem): string =>
  [p.file, p.path, p.severity === 'warning' ? `warning: ${p.message}` : p.message].filter(Boolean).join(': ');

export const hasErrors = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');

/** Error messages in words an admin understands, in English (`kb validate`); errorMapFor(lang) for the admin's language. */
export const zodErrorMap: z.core.$ZodErrorMap = errorMapFor('en');

/**
 * Flattens zod issues into problems. For a union (a rule, `regions`), zod reports every
 * branch; the branch with the fewest, deepest issues is the one the author meant. `lang`: the
 * language the issues were parsed in (their messages), for the words added here.
 */
export function zodProblems(file: string, issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = [], lang: Language = 'en'): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const score = (branch: readonly z.core.$ZodIssue[]) =>
        branch.length + (branch.every((i) => i.path.length === 0 && i.code !== 'custom') ? 0.5 : 0);
      const best = [...issue.errors].sort((a, b) => score(a) - score(b))[0] ?? [];
      const bestIsShallow = best.every((i) => i.path.length === 0 && i.code !== 'custom');
      if (bestIsShallow && issue.errors.length > 1) {
        out.push({ file, path: path.join('.'), message: describeUnion(issue.errors, lang), severity: 'error' });
      } else {
        out.push(...zodProblems(file, best, path, lang));
      }
      continue;
    }
    out.push({ file, path: path.map(String).join('.'), message: issue.message, severity: 'error' });
  }
  return out;
}

function describeUnion(branches: readonly (readonly z.core.$ZodIssue[])[], lang: Language): string {
  const wanted = branches.flatMap((b) => b.map((i) => i.message));
  return validationText(lang, 'field.noAllowedForm', { forms: joinWith(lang, 'field.formSeparator', [...new Set(wanted)]) });
}
