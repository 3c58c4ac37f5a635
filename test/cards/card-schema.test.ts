import { cardProblems, TEAMS_MAX_ACTIONS, utf16Bytes } from './card-checks';
import { everyCard } from './every-card';

/**
 * Every card the bot sends is a valid Adaptive Card 1.5 for Microsoft's own object model (the
 * renderer of Teams and Web Chat): no parse or validation event, no property it does not know,
 * buttons Teams handles. A failure lists each card with its problems.
 */
const cards = everyCard();

describe.each(Object.keys(cards))('%s cards', (kind) => {
  it(`are valid Adaptive Cards 1.5, with at most ${TEAMS_MAX_ACTIONS} buttons per action set and object data with a verb`, () => {
    const problems = Object.fromEntries(cards[kind]!.map(([name, card]) => [name, cardProblems(card)] as const).filter(([, p]) => p.length > 0));
    expect(problems).toEqual({});
  });

  // Teams refuses messages over 100 KB (UTF-16) and advises staying under 80 KB, text included.
  it('stay well under the Teams message size limit', () => {
    const tooBig = cards[kind]!.filter(([, card]) => utf16Bytes(card) > 80_000).map(([name, card]) => `${name}: ${utf16Bytes(card)} bytes`);
    expect(tooBig).toEqual([]);
  });
});

// The cards of a check (questions, results as sent: first results, then pages) stay under the
// 28 KB that a Teams bot message may weigh, counted as UTF-16 like the limits above.
describe.each(['question', 'eligibility'])('%s cards as a check sends them', (kind) => {
  it('stay under 28 KB each', () => {
    const largest = [...cards[kind]!].sort(([, a], [, b]) => utf16Bytes(b) - utf16Bytes(a))[0]!;
    expect(utf16Bytes(largest[1])).toBeLessThan(28_000);
  });
});

describe('the card checks', () => {
  const valid = { type: 'AdaptiveCard', version: '1.5', lang: 'fr', body: [{ type: 'TextBlock', text: 'Bonjour', wrap: true, separator: false }] };

  it('pass a valid card, with default values left out by the serializer', () => {
    expect(cardProblems(valid)).toEqual([]);
    expect(cardProblems(valid)).toEqual([]); // twice: the lang pattern keeps no state between cards
  });

  it.each([
    ['a newer version', { ...valid, version: '1.6' }, /version: 1\.6 is not 1\.5 or lower/],
    ['an unknown property', { ...valid, body: [{ type: 'TextBlock', text: 'x', wrpa: true }] }, /\$\.body\[0\]\.wrpa: unknown/],
    ['an unknown element', { ...valid, body: [{ type: 'Txt', text: 'x' }] }, /parse: .*Txt/],
    ['a bad enum value', { ...valid, body: [{ type: 'TextBlock', text: 'x', size: 'Huge' }] }, /parse: Invalid value "Huge"/],
    [
      'string Submit data',
      { ...valid, actions: [{ type: 'Action.Submit', title: 'Go', data: 'details' }] },
      /\$\.actions\[0\]\.data: "details" is not an object with a string verb/,
    ],
    [
      'Submit data without a verb',
      { ...valid, actions: [{ type: 'Action.Submit', title: 'Go', data: { offeringId: 'x' } }] },
      /is not an object with a string verb/,
    ],
    ['an Action.Execute', { ...valid, actions: [{ type: 'Action.Execute', title: 'Go', verb: 'x' }] }, /Action\.Execute is not one of/],
    [
      'seven buttons in a set',
      {
        ...valid,
        body: [{ type: 'ActionSet', actions: Array.from({ length: 7 }, (_, i) => ({ type: 'Action.Submit', title: `${i}`, data: { verb: 'x' } })) }],
      },
      /Maximum number of actions exceeded \(6\)/,
    ],
  ])('catch %s', (_, card, problem) => {
    expect(cardProblems(card)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });
});
