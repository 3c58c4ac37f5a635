import type { z } from 'zod';

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

/** Error messages in words an admin understands; used for every parse of knowledge data. */
export const zodErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    const last = issue.path?.[issue.path.length - 1];
    if (last === 'fr') return 'missing French translation';
    if (last === 'en') return 'missing English translation';
    return 'is required';
  }
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_value') return `must be one of: ${issue.values.map(String).join(', ')}`;
  return undefined;
};

/**
 * Flattens zod issues into problems. For a union (a rule, `regions`), zod reports every
 * branch; the branch with the fewest, deepest issues is the one the author meant.
 */
export function zodProblems(file: string, issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const score = (branch: readonly z.core.$ZodIssue[]) =>
        branch.length + (branch.every((i) => i.path.length === 0 && i.code !== 'custom') ? 0.5 : 0);
      const best = [...issue.errors].sort((a, b) => score(a) - score(b))[0] ?? [];
      const bestIsShallow = best.every((i) => i.path.length === 0 && i.code !== 'custom');
      if (bestIsShallow && issue.errors.length > 1) {
        out.push({ file, path: path.join('.'), message: describeUnion(issue.errors), severity: 'error' });
      } else {
        out.push(...zodProblems(file, best, path));
      }
      continue;
    }
    out.push({ file, path: path.map(String).join('.'), message: issue.message, severity: 'error' });
  }
  return out;
}

function describeUnion(branches: readonly (readonly z.core.$ZodIssue[])[]): string {
  const wanted = branches.flatMap((b) => b.map((i) => i.message));
  return `does not match any allowed form (${[...new Set(wanted)].join('; or ')})`;
}
