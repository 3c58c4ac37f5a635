import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SafetyData } from '../../src/knowledge/safety-schema';
import { fromPackageRoot } from '../../src/package-root';
import { SafetyDetector } from '../../src/safety/detector';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';
import { join } from 'node:path';

/** The labelled messages: crisis ones (with the situation they must get) and look-alikes (null). */
const labelled = readFileSync(fromPackageRoot('test', 'fixtures', 'safety-messages.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { text: string; expect: string | null });

const detector = new SafetyDetector(SafetyData.parse(parse(readFileSync(join(REAL_KNOWLEDGE, 'safety.yaml'), 'utf8'))));
const situationsOf = (text: string) => detector.detect(text)?.situations.map((s) => s.id) ?? [];

describe('crisis detection on the labelled messages', () => {
  const results = labelled.map((m) => ({ ...m, got: situationsOf(m.text) }));
  const crisis = results.filter((r) => r.expect !== null);
  const calm = results.filter((r) => r.expect === null);
  const truePositives = crisis.filter((r) => r.got.length > 0).length;
  const falsePositives = calm.filter((r) => r.got.length > 0);
  const recall = truePositives / crisis.length;
  const precision = truePositives / (truePositives + falsePositives.length);

  it('has at least 150 messages, crisis and look-alikes, in French and English', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(150);
    expect(crisis.length).toBeGreaterThanOrEqual(100);
    expect(calm.length).toBeGreaterThanOrEqual(50);
  });

  it('finds every crisis message (recall 1.0) with precision of at least 0.95', () => {
    const missed = crisis.filter((r) => r.got.length === 0);
    console.log(
      `safety detector on ${labelled.length} labelled messages (${crisis.length} crisis, ${calm.length} look-alikes): recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}` +
        (missed.length ? `\nmissed: ${missed.map((m) => JSON.stringify(m.text)).join(', ')}` : '') +
        (falsePositives.length ? `\nfalse alarms: ${falsePositives.map((m) => `${JSON.stringify(m.text)} → ${m.got.join('+')}`).join(', ')}` : ''),
    );
    expect(missed.map((m) => m.text)).toEqual([]);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });

  it('names the right situation first', () => {
    const wrong = crisis.filter((r) => r.got.length > 0 && r.got[0] !== r.expect && !r.got.includes(r.expect!));
    expect(wrong.map((r) => `${r.text} → ${r.got.join('+')} (expected ${r.expect})`)).toEqual([]);
  });
});

describe('crisis detection beyond the messages it was written from', () => {
  /**
   * Written after the detector, from the fact sheet's situations, and run once before any change:
   * recall 0.833 (40 of 48), precision 0.976. Its misses were then fixed; it stays here so that a
   * change to the patterns that loses them fails.
   */
  const holdout = readFileSync(fromPackageRoot('test', 'fixtures', 'safety-holdout.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text: string; expect: string | null });

  it('finds the held-out crisis messages and leaves their look-alikes alone', () => {
    const missed = holdout.filter((m) => m.expect !== null && situationsOf(m.text).length === 0).map((m) => m.text);
    const alarms = holdout.filter((m) => m.expect === null && situationsOf(m.text).length > 0).map((m) => m.text);
    expect({ missed, alarms }).toEqual({ missed: [], alarms: [] });
  });

  it('raises no alarm on the labelled search queries and off-topic questions, except those that name violence against the person', () => {
    const queries = ['search-queries.jsonl', 'off-topic-queries.jsonl'].flatMap((f) =>
      readFileSync(fromPackageRoot('test', 'fixtures', f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { q: string }).q),
    );
    const flagged = queries.filter((q) => situationsOf(q).length > 0);
    console.log(`safety detector on ${queries.length} search queries: ${flagged.length} flagged (${flagged.join(' | ')})`);
    expect(new Set(flagged)).toEqual(
      new Set([
        'domestic violance help line',
        'domestic violence hotline',
        'I need a shelter for me and my kids, my partner is violent',
        'If I leave my abusive sponsor, will I lose my permanent residence?',
        'mon mari me frappe, je sais pas où aller',
        'TRP for family violence victims',
      ]),
    );
  });
});
