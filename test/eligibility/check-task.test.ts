import { implications, newTask, nextStep, questionsLeft, rankResults, recordAnswers, straddles, targetsOf } from '../../src/eligibility/check-task';
import { assess } from '../../src/eligibility/assess';
import type { Translate } from '../../src/eligibility/reasons';
import { createI18n } from '../../src/i18n/load-locales';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

const kb = loadKnowledgeDir(REAL_KNOWLEDGE).kb!;
const NOW = new Date('2026-11-29T12:00:00Z');
const answers = (facts: Record<string, string | number | boolean>) => new Map(Object.entries(facts).map(([f, value]) => [f, { value }]));

describe('a check as data', () => {
  it('asks the need, then the region, then what settles the offerings of that need only', () => {
    let task = newTask();
    expect(nextStep(kb, task, NOW).step).toEqual({ ask: 'need' });
    task = recordAnswers(task, answers({ need: 'french-language' }), kb.facts, NOW);
    expect(nextStep(kb, task, NOW).step).toEqual({ ask: 'region' });
    expect(targetsOf(kb, task).every((o) => (o.categories as readonly string[]).includes('french-language'))).toBe(true);
    expect(targetsOf(kb, task).length).toBeLessThan(kb.offerings.length);
    // "Everything", or one offering's check, settles what it says.
    expect(targetsOf(kb, recordAnswers(newTask(), answers({ need: 'everything' }), kb.facts, NOW))).toHaveLength(kb.offerings.length);
    expect(nextStep(kb, newTask('priime'), NOW).step).not.toEqual({ ask: 'need' });
  });

  it('applies implications from facts.yaml, and takes them back when the answer that gave them changes', () => {
    expect(implications({ status: 'asylum-claimant' }, kb.facts, NOW).get('sponsored')).toBe(false);
    expect(implications({ status: 'permanent-resident' }, kb.facts, NOW).has('sponsored')).toBe(false);
    let task = recordAnswers(newTask(), answers({ status: 'temporary-worker' }), kb.facts, NOW);
    expect(task.facts.sponsored).toBe(false);
    expect(task.implied).toEqual(['sponsored']);
    task = recordAnswers(task, answers({ status: 'permanent-resident' }), kb.facts, NOW);
    expect(task.facts.sponsored).toBeUndefined();
    expect(task.implied).toEqual([]);
  });

  it('knows when an approximate date spans a limit', () => {
    const base = recordAnswers(
      newTask('priime'),
      answers({ status: 'permanent-resident', employment: 'underemployed', canadianExperience: false }),
      kb.facts,
      NOW,
    );
    const at = (from: string, to: string) => ({ ...base, facts: { ...base.facts, arrivalDate: from }, approx: { arrivalDate: { from, to } } });
    expect(straddles(targetsOf(kb, base), at('2021-01-01', '2021-12-31'), 'arrivalDate', kb.facts, NOW)).toBe(true);
    expect(straddles(targetsOf(kb, base), at('2024-01-01', '2024-12-31'), 'arrivalDate', kb.facts, NOW)).toBe(false);
  });

  it('estimates the questions left, fewer for one need than for every offering, none when all is settled', () => {
    const all = recordAnswers(newTask(), answers({ need: 'everything', region: 'montreal' }), kb.facts, NOW);
    const employment = recordAnswers(newTask(), answers({ need: 'employment', region: 'montreal' }), kb.facts, NOW);
    const next = (t: typeof all) => (nextStep(kb, t, NOW).step as { ask: string }).ask;
    expect(questionsLeft(kb, employment, NOW, next(employment))).toBeLessThan(questionsLeft(kb, all, NOW, next(all)));
    expect(questionsLeft(kb, all, NOW, next(all))).toBeGreaterThan(3);
  });

  it('ranks eligible first, then to check, then not eligible; in each, the need’s own offerings and the local ones first', () => {
    const i18n = createI18n();
    const t = { fr: i18n.getFixedT('fr', 'eligibility') as Translate, en: i18n.getFixedT('en', 'eligibility') as Translate };
    const task = recordAnswers(newTask(), answers({ need: 'employment', region: 'montreal', status: 'permanent-resident', age: 30 }), kb.facts, NOW);
    const ranked = rankResults(
      kb,
      targetsOf(kb, task).map((o) => assess(kb, o.id, task.facts, t, NOW)!),
      task,
    );
    const order = { eligible: 0, unknown: 1, ineligible: 2 };
    expect(ranked.map((r) => order[r.status])).toEqual([...ranked.map((r) => order[r.status])].sort());
    const primary = (id: string) => (kb.get(id)!.categories[0] === 'employment' ? 1 : 0);
    for (const status of ['eligible', 'unknown', 'ineligible'] as const) {
      const flags = ranked.filter((r) => r.status === status).map((r) => primary(r.id));
      expect(flags).toEqual([...flags].sort((a, b) => b - a));
    }
  });
});
