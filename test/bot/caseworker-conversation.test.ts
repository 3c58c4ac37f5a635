import type { Activity } from 'botbuilder';
import { askedFact, cardOf, dialogClient } from './dialog-harness';

/**
 * A busy caseworker's check, in both languages: typed answers by meaning, several facts at once
 * (also in the first message), the need first, an editable summary, detours that come back to
 * the question, "why?", and questions the rules make pointless never asked.
 */
const FR = 'fr-CA';
const EN = 'en-US';
const last = <T>(xs: T[]) => xs[xs.length - 1];
const progressOf = (reply: Partial<Activity> | undefined) => /"text":"(Question \d+[^"]*)"/.exec(cardOf(reply))?.[1];
const texts = (replies: Partial<Activity>[]) => replies.map((r) => r.text ?? '').join('\n');

describe('several facts in one message', () => {
  it.each([
    [EN, 'check eligibility for a 34-year-old PR in Laval', /^Understood: Immigration status: Permanent resident ; Region: Laval ; Age: 34 years\.$/],
    [FR, "vérifier l'admissibilité d'une RP de 34 ans à Laval", /^Compris : Statut d'immigration : Résident·e permanent·e ; Région : Laval ; Âge : 34 ans\.$/],
  ])('as the first message (%s): says what it understood, then asks only the rest, the need first', async (locale, text, understood) => {
    const { say } = dialogClient();
    const replies = await say(text, locale);
    expect(last(replies)!.text).toMatch(understood);
    expect(askedFact(last(replies))).toBe('need');
  });

  it('without the command, three facts from a caseworker start a check', async () => {
    const { say } = dialogClient();
    const replies = await say("she's a PR since 2023, lives in Laval, 34", EN);
    expect(last(replies)!.text).toContain('Date of arrival: about 2023-07-02 (between 2023-01-01 and 2023-12-31)');
    expect(askedFact(last(replies))).toBe('need');
  });

  it('in the middle of a check, fills every fact and asks none of them again (French)', async () => {
    const { say, click } = dialogClient();
    await say("vérifier l'admissibilité", FR);
    let replies = await click({ verb: 'answer', fact: 'need', value: 'employment' }, FR);
    expect(askedFact(last(replies))).toBe('region');
    replies = await say('elle est RP depuis 2023, habite à Laval, 34 ans', FR);
    expect(last(replies)!.text).toMatch(/^Compris : .*Statut d'immigration : Résident·e permanent·e.*Région : Laval.*Âge : 34 ans/);
    const asked = new Set<string>();
    for (let fact = askedFact(last(replies)); fact; fact = askedFact(last(replies))) {
      expect(['status', 'region', 'age', 'need', 'arrivalDate']).not.toContain(fact);
      expect(asked.has(fact)).toBe(false);
      asked.add(fact);
      replies = await click({ verb: 'answer', fact, special: 'dontKnow' }, FR);
    }
    expect(last(replies)!.text).toMatch(/^Résultat :/);
    expect(cardOf(last(replies))).toContain('Pour le besoin : Emploi.');
  });
});

describe('typed answers by meaning', () => {
  it.each([
    [EN, 'asylum seeker', 'asylum-claimant'],
    [EN, 'PR', 'permanent-resident'],
    [FR, 'résidente permanente', 'permanent-resident'],
    [FR, 'Résident·e permanent·e', 'permanent-resident'],
    [FR, 'travailleuse temporaire', 'temporary-worker'],
    [FR, 'DA', 'asylum-claimant'],
  ])('%s: %j answers the status question', async (locale, text, value) => {
    const { say, click, services } = dialogClient();
    let replies = await click({ verb: 'eligibility', offeringId: 'accompagnement-quebec' }, locale);
    expect(askedFact(last(replies))).toBe('status');
    replies = await say(text, locale);
    expect(texts(replies)).not.toMatch(/pas compris|didn't understand/);
    expect(askedFact(last(replies))).not.toBe('status');
    // The answer is kept as the option it means: the summary at the end shows its label.
    for (let fact = askedFact(last(replies)); fact; fact = askedFact(last(replies)))
      replies = await click({ verb: 'answer', fact, special: 'dontKnow' }, locale);
    const def = services.kb.facts.status!;
    expect(def.type === 'enum' && cardOf(last(replies))).toContain(def.type === 'enum' ? def.options[value]![locale === FR ? 'fr' : 'en'] : '');
  });

  it('a drop-down says how to type, reads a number, and after a failed retry shows every option as a button', async () => {
    const { say } = dialogClient();
    let replies = await say('check eligibility', EN);
    replies = await say('work', EN); // the need, typed
    expect(askedFact(last(replies))).toBe('region');
    const card = cardOf(last(replies));
    expect(card).toContain('type the number or the name');
    expect(card).toContain('"title":"13. Laval"');
    replies = await say('somewhere nice', EN);
    expect(last(replies)!.text).toMatch(/^I still didn't understand\. Tap one of these answers/);
    const retry = cardOf(last(replies));
    expect(retry).not.toContain('Input.ChoiceSet');
    expect(retry).toContain('{"verb":"answer","fact":"region","value":"laval"}');
    replies = await say('13', EN);
    expect(askedFact(last(replies))).not.toBe('region');
  });

  it('an approximate date is taken, and asked again only when a limit falls inside it', async () => {
    const { say, click } = dialogClient({ now: new Date('2026-11-29T12:00:00Z') });
    // An underemployed nurse trained abroad: PRIIME is sure only within 5 years of arrival.
    const persona: Record<string, string | boolean> = {
      status: 'permanent-resident',
      pathway: 'economic',
      bornInCanada: false,
      sponsored: false,
      region: 'montreal',
      employment: 'underemployed',
      studiedAbroad: true,
      regulatedProfession: true,
      canadianExperience: false,
      frenchLevel: 'advanced',
      lowIncome: false,
      hasChildren: false,
    };
    const answerUntilDate = async (replies: Partial<Activity>[]) => {
      for (let fact = askedFact(last(replies)); fact && fact !== 'arrivalDate'; fact = askedFact(last(replies))) {
        replies =
          fact === 'age'
            ? await say('39', EN)
            : persona[fact] === undefined
              ? await click({ verb: 'answer', fact, special: 'dontKnow' }, EN)
              : await click({ verb: 'answer', fact, value: persona[fact]! }, EN);
      }
      return replies;
    };
    let replies = await answerUntilDate(await click({ verb: 'eligibility', offeringId: 'priime' }, EN));
    expect(askedFact(last(replies))).toBe('arrivalDate');
    // 2021: from 5 years 11 months to 4 years 11 months ago, across the 5-year limit.
    replies = await say('2021', EN);
    expect(last(replies)!.text).toMatch(/The exact date matters here: about 2021-07-02 \(between 2021-01-01 and 2021-12-31\) spans a limit/);
    expect(askedFact(last(replies))).toBe('arrivalDate');
    replies = await answerUntilDate(await say('December 15 2021', EN));
    expect(last(replies)!.text).toBe('Result: eligible for 1, to check for 0, not eligible for 0.');

    // "Last spring" is well inside the limit: taken as it is, said as approximate.
    replies = await click({ verb: 'changeAnswer', fact: 'arrivalDate' }, EN);
    replies = await answerUntilDate(await say('last spring', EN));
    expect(last(replies)!.text).toBe('Result: eligible for 1, to check for 0, not eligible for 0.');
    expect(cardOf(last(replies))).toContain('Date of arrival: about 2026-05-04 (between 2026-03-20 and 2026-06-19)');

    // Still approximate when asked again: the date is unknown, and the offering "to check".
    replies = await click({ verb: 'changeAnswer', fact: 'arrivalDate' }, EN);
    replies = await say('2021', EN);
    expect(askedFact(last(replies))).toBe('arrivalDate');
    replies = await answerUntilDate(await say('sometime in 2021', EN));
    expect(last(replies)!.text).toBe('Result: eligible for 0, to check for 1, not eligible for 0.');
  });
});

describe('the answers, editable', () => {
  it('the results card lists each answer with "change"; changing one re-evaluates at once', async () => {
    const { say, click } = dialogClient();
    await click({ verb: 'eligibility', offeringId: 'carrefours-jeunesse-emploi' }, EN);
    await say('28', EN);
    let replies = await click({ verb: 'answer', fact: 'status', value: 'citizen' }, EN);
    expect(last(replies)!.text).toBe('Result: eligible for 1, to check for 0, not eligible for 0.');
    const card = cardOf(last(replies));
    expect(card).toContain('"text":"Age: 28 years"');
    expect(card).toContain('{"verb":"changeAnswer","fact":"age"}');
    replies = await click({ verb: 'changeAnswer', fact: 'age' }, EN);
    expect(askedFact(last(replies))).toBe('age');
    replies = await say('40', EN);
    expect(last(replies)!.text).toBe('Result: eligible for 0, to check for 0, not eligible for 1.');
    expect(cardOf(last(replies))).toContain('"text":"Age: 40 years"');
  });

  it('"why?" explains one result by its decisive reasons, by button or typed (French)', async () => {
    const { say, click } = dialogClient();
    await click({ verb: 'eligibility', offeringId: 'carrefours-jeunesse-emploi' }, FR);
    await say('40 ans', FR);
    let replies = await click({ verb: 'why', offeringId: 'carrefours-jeunesse-emploi' }, FR);
    expect(replies[0]!.text).toMatch(/^Pourquoi, pour « Carrefours jeunesse-emploi/);
    expect(replies[0]!.text).toContain('40 ans');
    expect(replies[0]!.text).toContain('**Non admissible**');
    replies = await say('pourquoi ?', FR);
    expect(replies[0]!.text).toMatch(/^Pourquoi, pour « Carrefours jeunesse-emploi/);
  });

  it('"end case" forgets the client; "change" after it says so', async () => {
    const { say, click } = dialogClient();
    await click({ verb: 'eligibility', offeringId: 'carrefours-jeunesse-emploi' }, EN);
    await say('40', EN);
    let replies = await say('end case', EN);
    expect(replies[0]!.text).toBe("Case closed: the client's answers are forgotten.");
    replies = await click({ verb: 'changeAnswer', fact: 'age' }, EN);
    expect(replies[0]!.text).toMatch(/^These answers are no longer kept/);
  });
});

describe('detours keep the check', () => {
  async function inCheck(locale: string) {
    const harness = dialogClient();
    await harness.say(locale === FR ? "vérifier l'admissibilité" : 'check eligibility', locale);
    const replies = await harness.click({ verb: 'answer', fact: 'need', value: 'employment' }, locale);
    expect(askedFact(last(replies))).toBe('region');
    return harness;
  }

  it.each([
    ['help', EN, (h: ReturnType<typeof dialogClient>) => h.say('help', EN), /^Here is what I can do/, 'Back to the check:'],
    [
      'details',
      FR,
      (h: ReturnType<typeof dialogClient>) => h.click({ verb: 'details', offeringId: 'francisation-quebec' }, FR),
      /./,
      'On reprend la vérification :',
    ],
    ['a search', FR, (h: ReturnType<typeof dialogClient>) => h.say('cours de français', FR), /Francisation/, 'On reprend la vérification :'],
    ['why', EN, (h: ReturnType<typeof dialogClient>) => h.say('why', EN), /./, 'Back to the check:'],
  ])('%s (%s) comes back to the question where it was', async (_name, locale, detour, shown, resuming) => {
    const h = await inCheck(locale);
    const replies = await detour(h);
    expect(texts(replies) + cardOf(replies[0])).toMatch(shown);
    expect(last(replies)!.text).toBe(resuming);
    expect(askedFact(last(replies))).toBe('region');
  });

  it('a language switch continues the same check in the other language', async () => {
    const h = await inCheck(FR);
    const replies = await h.say('English', FR);
    expect(replies[0]!.text).toBe("OK, I'll continue in English.");
    expect(askedFact(last(replies))).toBe('region');
    expect(cardOf(last(replies))).toContain('"lang":"en"');
    expect(progressOf(last(replies))).toMatch(/^Question 2 \(/);
  });

  it('a safety message gets the emergency answer first, and "continue" comes back to the question', async () => {
    const h = await inCheck(EN);
    let replies = await h.say('I want to kill myself', EN);
    expect(replies[0]!.text ?? cardOf(replies[0])).toMatch(/./);
    expect(cardOf(replies[0])).toMatch(/9-1-1/);
    replies = await h.say('continue', EN);
    expect(askedFact(last(replies))).toBe('region');
  });

  it('a new check replaces the one in progress only when the caseworker says so', async () => {
    const h = await inCheck(EN);
    let replies = await h.say('check eligibility', EN);
    expect(cardOf(replies[0])).toContain('A check is in progress (question 2)');
    replies = await h.click({ verb: 'resume' }, EN);
    expect(askedFact(last(replies))).toBe('region');
    replies = await h.say('check eligibility for a 40-year-old PR', EN);
    expect(cardOf(replies[0])).toContain('"verb":"replaceCheck"');
    const data = JSON.parse(/"data":(\{"verb":"replaceCheck"[^}]*\})/.exec(cardOf(replies[0]))![1]!) as Record<string, unknown>;
    replies = await h.click(data, EN);
    expect(texts(replies)).toContain('Understood: Immigration status: Permanent resident ; Age: 40 years.');
    expect(askedFact(last(replies))).toBe('need');
  });
});

describe('need first, and no pointless question', () => {
  it('asks the need, then the region, and settles only the offerings of that need, with the progress inside the card', async () => {
    const { say, click } = dialogClient();
    let replies = await say('check eligibility', EN);
    expect(askedFact(last(replies))).toBe('need');
    expect(progressOf(last(replies))).toMatch(/^Question 1 \(about \d+ left\)$/);
    expect(last(replies)!.text ?? '').not.toMatch(/^Question/);
    replies = await click({ verb: 'answer', fact: 'need', value: 'french-language' }, EN);
    expect(askedFact(last(replies))).toBe('region');
    expect(progressOf(last(replies))).toMatch(/^Question 2 /);
    for (let fact = askedFact(last(replies)); fact; fact = askedFact(last(replies))) replies = await click({ verb: 'answer', fact, special: 'dontKnow' }, EN);
    const card = cardOf(last(replies));
    expect(card).toContain('For the need: Learning French.');
    expect(card).toContain('Francisation Québec');
    expect(card).not.toContain('Canada Child Benefit');
  });

  it('never asks "sponsored?" of an asylum claimant: the summary says why', async () => {
    const { say, click } = dialogClient();
    await say('check eligibility', EN);
    let replies = await click({ verb: 'answer', fact: 'need', value: 'everything' }, EN);
    replies = await say('asylum seeker in Montréal', EN);
    const asked: string[] = [];
    for (let fact = askedFact(last(replies)); fact; fact = askedFact(last(replies))) {
      asked.push(fact);
      replies = await click({ verb: 'answer', fact, special: 'dontKnow' }, EN);
    }
    expect(asked).not.toContain('sponsored');
    expect(asked).not.toContain('sponsorshipState');
    expect(cardOf(last(replies))).toContain('Sponsored person: No (not asked: family sponsorship leads to permanent residence, which this status is not)');
  });
});

describe('a check command inside a question', () => {
  it('stays a search when the rest states no fact of the client', async () => {
    const { say } = dialogClient();
    const replies = await say('am i eligible for welfare', EN);
    expect(askedFact(last(replies))).toBeUndefined();
    expect(replies.some((r) => askedFact(r))).toBe(false);
    expect(texts(replies)).toContain('"am i eligible for welfare"'); // a search, echoing the words
  });

  it('with a need in it, starts a check from that need', async () => {
    const { say } = dialogClient();
    const replies = await say('am i eligible for health insurance', EN);
    expect(last(replies)!.text).toBe('Understood: Need: Health.');
    expect(askedFact(last(replies))).toBe('region');
  });
});
