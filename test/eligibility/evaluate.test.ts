import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FactValueError, parseClientFacts, type FactValue } from '../../src/eligibility/client-facts';
import { elapsedSince } from '../../src/eligibility/elapsed';
import { evaluateRule } from '../../src/eligibility/evaluate';
import { Offering, type LoadedOffering } from '../../src/knowledge/offering-schema';
import { nextQuestion, representativeValues, rulesOf } from '../../src/eligibility/next-question';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { FactDefinitions } from '../../src/knowledge/fact-schema';
import type { Rule } from '../../src/knowledge/rule-schema';
import { REAL_KNOWLEDGE, sampleOffering } from '../helpers/knowledge-fixture';

const defs = FactDefinitions.parse(parse(readFileSync(join(REAL_KNOWLEDGE, 'facts.yaml'), 'utf8')));
const now = new Date('2026-11-29T15:00:00Z');
const status = (rule: Rule | undefined, facts: Record<string, string | number | boolean>) => evaluateRule(rule, facts, defs, now).status;

const newcomerPr: Rule = {
  all: [
    { fact: 'status', in: ['permanent-resident', 'protected-person'] },
    { fact: 'arrivalDate', within: { years: 5 } },
  ],
};

describe('three-valued evaluation', () => {
  it('is eligible when every condition holds, and open to all without rules', () => {
    expect(status(newcomerPr, { status: 'permanent-resident', arrivalDate: '2023-01-15' })).toBe('eligible');
    // No rule: nothing is decided (an offering open to everyone says so, see engine.test.ts).
    expect(status(undefined, {})).toBe('unknown');
  });

  it('is ineligible as soon as one condition of `all` fails, even with other facts unknown', () => {
    const e = evaluateRule(newcomerPr, { status: 'temporary-worker' }, defs, now);
    expect(e.status).toBe('ineligible');
    expect(e.missing).toEqual([]);
  });

  it('is unknown while a deciding fact is missing, and says which', () => {
    const e = evaluateRule(newcomerPr, { status: 'permanent-resident' }, defs, now);
    expect(e.status).toBe('unknown');
    expect(e.missing).toEqual(['arrivalDate']);
  });

  it('`any` passes on one branch; `not` inverts, and unknown stays unknown', () => {
    const rule: Rule = {
      any: [
        { fact: 'hasChildren', is: true },
        { fact: 'age', min: 50 },
      ],
    };
    expect(status(rule, { age: 55 })).toBe('eligible');
    expect(status(rule, { age: 30 })).toBe('unknown');
    expect(status(rule, { age: 30, hasChildren: false })).toBe('ineligible');
    const notAssisted: Rule = { not: { fact: 'socialAssistance', is: true } };
    expect(status(notAssisted, { socialAssistance: true })).toBe('ineligible');
    expect(status(notAssisted, { socialAssistance: false })).toBe('eligible');
    expect(status(notAssisted, {})).toBe('unknown');
  });

  it('counts years since arrival from the date, to the day', () => {
    expect(status(newcomerPr, { status: 'permanent-resident', arrivalDate: '2021-11-29' })).toBe('eligible'); // exactly 5 years
    expect(status(newcomerPr, { status: 'permanent-resident', arrivalDate: '2021-11-28' })).toBe('ineligible');
    const settled: Rule = { fact: 'arrivalDate', atLeast: { months: 18 } };
    expect(status(settled, { arrivalDate: '2025-05-29' })).toBe('eligible');
    expect(status(settled, { arrivalDate: '2025-05-30' })).toBe('ineligible');
    expect(elapsedSince('2019-11-30', now)).toEqual({ months: 83, years: 6 });
  });

  it('number bounds are inclusive', () => {
    const youth: Rule = { fact: 'age', min: 16, max: 35 };
    expect([15, 16, 35, 36].map((age) => status(youth, { age }))).toEqual(['ineligible', 'eligible', 'eligible', 'ineligible']);
  });
});

describe('client facts from untrusted input', () => {
  it('accepts the documented form', () => {
    expect(parseClientFacts({ status: 'permanent-resident', arrivalDate: '2024-03-01', age: 34, region: 'montreal', hasChildren: null }, defs)).toEqual({
      status: 'permanent-resident',
      arrivalDate: '2024-03-01',
      age: 34,
      region: 'montreal',
    });
  });

  it.each([
    [{ shoeSize: 42 }, 'shoeSize', /unknown fact "shoeSize"/],
    [{ status: 'tourist' }, 'status', /fact "status": "tourist" is not one of: permanent-resident/],
    [{ age: 'old' }, 'age', /fact "age": "old" is not a whole number from 0 to 120/],
    [{ age: '34' }, 'age', /fact "age": "34" is not a whole number from 0 to 120 \(a JSON number, not a string\)/],
    [{ age: 34.5 }, 'age', /is not a whole number/],
    [{ age: 300 }, 'age', /is not a whole number from 0 to 120/],
    [{ arrivalDate: '2026-12-25' }, 'arrivalDate', /is not a date in the past: it is after today \(2026-11-29\)/],
    [{ arrivalDate: '2024-02-30' }, 'arrivalDate', /is not a date written YYYY-MM-DD/],
    [{ hasChildren: 'yes' }, 'hasChildren', /is not true or false/],
  ])('rejects %j naming the fact', (input, fact, message) => {
    let error: unknown;
    try {
      parseClientFacts(input, defs, now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FactValueError);
    expect((error as FactValueError).fact).toBe(fact);
    expect((error as Error).message).toMatch(message);
  });
});

/** An offering with only these rules, for the engine's own tests. */
export const offeringWith = (rules: Rule | undefined, id = 'test', overrides: Record<string, unknown> = {}): LoadedOffering => ({
  ...Offering.parse(sampleOffering({ eligibility: { rules, notes: { fr: 'x', en: 'x' } }, ...overrides })),
  id,
});

describe('choosing the next question', () => {
  const rules: Rule[] = [
    newcomerPr,
    { fact: 'status', in: ['asylum-claimant'] },
    {
      all: [
        { fact: 'status', in: ['citizen', 'permanent-resident'] },
        { fact: 'lowIncome', is: true },
      ],
    },
    { fact: 'age', min: 16 },
  ];

  it('asks first the fact that settles the most offerings', () => {
    expect(
      nextQuestion(
        rules.map((r) => offeringWith(r)),
        {},
        defs,
        now,
      ),
    ).toBe('status');
  });

  it('then only what is still needed, never a fact answered "I don\'t know"', () => {
    const facts = { status: 'permanent-resident' };
    const q = nextQuestion(
      rules.map((r) => offeringWith(r)),
      facts,
      defs,
      now,
    );
    expect(['arrivalDate', 'lowIncome', 'age']).toContain(q);
    expect(
      nextQuestion(
        rules.map((r) => offeringWith(r)),
        facts,
        defs,
        now,
        new Set(['arrivalDate', 'lowIncome', 'age']),
      ),
    ).toBeUndefined();
  });

  it('stops when everything is settled', () => {
    expect(
      nextQuestion(
        rules.map((r) => offeringWith(r)),
        { status: 'temporary-worker', age: 30 },
        defs,
        now,
      ),
    ).toBeUndefined();
  });

  it('asks the region last, when it changes whom to contact for an offering not ruled out', () => {
    const regional = {
      access: {
        modes: ['in-person'],
        howTo: { fr: 'x', en: 'x' },
        regional: [{ regions: ['montreal'], name: { fr: 'PRAIDA', en: 'PRAIDA' }, phones: [{ number: '514 555-0100' }] }],
      },
    };
    const asylum = offeringWith({ fact: 'status', in: ['asylum-claimant'] }, 'regional', regional);
    expect(nextQuestion([asylum], {}, defs, now)).toBe('status');
    expect(nextQuestion([asylum], { status: 'asylum-claimant' }, defs, now)).toBe('region');
    // Not eligible: its contact does not matter; region known or skipped: not asked again.
    expect(nextQuestion([asylum], { status: 'citizen' }, defs, now)).toBeUndefined();
    expect(nextQuestion([asylum], { status: 'asylum-claimant', region: 'laval' }, defs, now)).toBeUndefined();
    expect(nextQuestion([asylum], { status: 'asylum-claimant' }, defs, now, new Set(['region']))).toBeUndefined();
    // Without regional points of service, the region is never asked for a contact.
    expect(nextQuestion([offeringWith({ fact: 'status', in: ['asylum-claimant'] })], { status: 'asylum-claimant' }, defs, now)).toBeUndefined();
  });

  it('tries each side of every threshold', () => {
    expect(representativeValues('age', defs, rules, now)).toEqual([0, 15, 16, 120]);
    const dates = representativeValues('arrivalDate', defs, rules, now) as string[];
    expect(dates).toEqual(expect.arrayContaining(['2021-11-28', '2021-11-30']));
  });

  it('never asks again a fact it knows, even when the answer leaves the offering open', () => {
    // 18 today: on 31 December last year, 17 or 18, as the birthday has passed or not.
    const adultLastYear: Rule = { fact: 'age', min: 18, at: 'previous-year-end' };
    expect(evaluateRule(adultLastYear, { age: 18 }, defs, now)).toMatchObject({ status: 'unknown', missing: [] });
    expect(evaluateRule(adultLastYear, {}, defs, now)).toMatchObject({ status: 'unknown', missing: ['age'] });
    expect(nextQuestion([offeringWith(adultLastYear)], { age: 18 }, defs, now)).toBeUndefined();
  });

  it('ends every interview on the real knowledge base, asking each fact at most once', () => {
    const kb = loadKnowledgeDir(REAL_KNOWLEDGE).kb!;
    const factIds = Object.keys(kb.facts);
    const values = Object.fromEntries(factIds.map((f) => [f, representativeValues(f, kb.facts, kb.offerings.flatMap(rulesOf), now)]));
    let seed = 2026;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const wrong: string[] = [];
    for (let c = 0; c < 150; c++) {
      const client = Object.fromEntries(factIds.map((f) => [f, random() < 0.1 ? undefined : values[f]![Math.floor(random() * values[f]!.length)]]));
      const known: Record<string, FactValue> = {};
      const skipped = new Set<string>();
      const asked: string[] = [];
      for (let f = nextQuestion(kb.offerings, known, kb.facts, now, skipped); f !== undefined; f = nextQuestion(kb.offerings, known, kb.facts, now, skipped)) {
        if (asked.includes(f)) {
          wrong.push(`${JSON.stringify(client)}: ${[...asked, f].join(' ')}`);
          break;
        }
        asked.push(f);
        const answer = client[f];
        if (answer === undefined) skipped.add(f);
        else known[f] = answer;
      }
    }
    expect(wrong).toEqual([]);
  });
});
