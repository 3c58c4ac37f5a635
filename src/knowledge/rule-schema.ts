import { z } from 'zod';
import { refineKey } from './validation-messages';

/**
 * The eligibility rule language: `all` / `any` / `not` over conditions on facts.
 * Which tests a condition may use depends on the fact's type (see `knowledge/facts.yaml`):
 *   enum    → `in: [value, ...]`
 *   boolean → `is: true | false`
 *   number  → `min` and/or `max` (inclusive)
 *   date    → `within: {years|months|days}` (at most that long ago) and/or `atLeast: {...}` (at least)
 * `at: previous-year-end` tests the situation on 31 December of last year instead of today (tax-year
 * programs): a date's elapsed time, or a number that grows each year (an age).
 * That cross-check needs the facts, so it happens in `check-rules.ts`; this schema checks the shape.
 */

/** When a condition is tested: today, or 31 December of the previous year (tax-year programs). */
export const REFERENCE_DATES = ['today', 'previous-year-end'] as const;
export type ReferenceDate = (typeof REFERENCE_DATES)[number];

export const Duration = z
  .strictObject({
    years: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
    days: z.number().int().positive().optional(),
  })
  .refine((d) => d.years !== undefined || d.months !== undefined || d.days !== undefined, refineKey('rule.durationNeedsUnit'));
export type Duration = z.infer<typeof Duration>;

export const Condition = z
  .strictObject({
    fact: z.string().min(1),
    in: z.array(z.string().min(1)).min(1).optional(),
    is: z.boolean().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    within: Duration.optional(),
    atLeast: Duration.optional(),
    at: z.enum(REFERENCE_DATES).optional(),
  })
  .refine((c) => [c.in, c.is, c.min ?? c.max, c.within ?? c.atLeast].filter((t) => t !== undefined).length === 1, refineKey('rule.oneKindOfTest'));
export type Condition = z.infer<typeof Condition>;

export type Rule = { all: Rule[] } | { any: Rule[] } | { not: Rule } | Condition;

export const Rule: z.ZodType<Rule> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(Rule) }),
    z.strictObject({ any: z.array(Rule).min(1) }),
    z.strictObject({ not: Rule }),
    Condition,
  ]),
);

export const isCondition = (rule: Rule): rule is Condition => 'fact' in rule;
