import { askedFact, cardOf, dialogClient } from './dialog-harness';
import { ReferralStore } from '../../src/referrals/referral-store';

const FR = 'fr-CA';
const EN = 'en-US';

const last = <T>(xs: T[]) => xs[xs.length - 1];
/** "Question 2 (about 5 left)": the progress line inside a question card. */
const progressOf = (reply: Parameters<typeof cardOf>[0]) => /"text":"(Question \d+[^"]*)"/.exec(cardOf(reply))?.[1];

describe('checking one offering, then referring, in French', () => {
  test('invalid then valid answers, "je ne sais pas", "retour", results with reasons, referral with consent, my referrals', async () => {
    const { say, click, answerAll, storage } = dialogClient();
    const store = new ReferralStore(storage);

    let replies = await click({ verb: 'eligibility', offeringId: 'aide-sociale' }, FR);
    expect(replies[0]!.text).toMatch(/^Vérifions l'admissibilité de votre client·e à « Programme d'aide sociale/);
    expect(progressOf(replies[1])).toMatch(/^Question 1 \((encore \d+ environ|sans doute la dernière)\)$/);
    const first = askedFact(replies[1]);
    expect(['status', 'lowIncome']).toContain(first);

    // An answer that means nothing here is asked again, in French, with an example.
    replies = await say('banane', FR);
    expect(replies[0]!.text).toMatch(/^Je n'ai pas compris/);
    expect(askedFact(replies[0])).toBe(first);

    // "Je ne sais pas" moves on; "retour" asks the previous question again.
    replies = await say('Je ne sais pas', FR);
    const second = askedFact(last(replies));
    expect(second).not.toBe(first);
    replies = await say('retour', FR);
    expect(askedFact(last(replies))).toBe(first);

    // Now real answers, by button and by typing: a permanent resident, low income, not sponsored, an adult here for two years.
    replies = await answerAll(replies, { status: 'permanent-resident', lowIncome: 'oui', sponsored: 'non', arrivalDate: '2024-09-01', age: '34 ans' }, FR);
    const results = last(replies);
    expect(results!.text).toBe('Résultat : admissible à 1, à vérifier pour 0, non admissible à 0.');
    const card = cardOf(results);
    expect(card).toContain('Admissible (1)');
    // Under "Admissible", what qualifies, in plain words.
    expect(card).toContain('- Résident·e permanent·e\\n- Faible revenu du ménage');
    expect(card).toContain('"verb":"refer","offeringId":"aide-sociale"');

    // Refer: what will be shared, the letter's language, then explicit consent.
    replies = await click({ verb: 'refer', offeringId: 'aide-sociale' }, FR);
    const preview = cardOf(replies[0]);
    expect(preview).toContain('Ce qui sera transmis avec la référence');
    expect(preview).toContain('Résident·e permanent·e');
    expect(last(replies)!.text).toMatch(/Dans quelle langue la lettre/);
    replies = await say('Lettre en anglais', FR);
    expect(last(replies)!.text).toMatch(/consent-elle explicitement/);
    replies = await say('oui', FR);
    expect(replies[0]!.text).toMatch(/^Référence PAS-[0-9A-Z]{4}-[0-9A-Z]{4} créée\.$/);
    const letter = replies[1]!.text!;
    expect(letter).toMatch(/^Lettre de référence à remettre à la personne :/);
    expect(letter).toContain('Subject: referral to Social Assistance Program'); // the client's language
    expect(letter).toContain('Next steps:');

    const stored = await store.all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      offeringId: 'aide-sociale',
      language: 'en',
      status: 'created',
      facts: { status: 'permanent-resident', lowIncome: true },
    });

    // My referrals, and a status change.
    replies = await say('mes références', FR);
    expect(replies[0]!.text).toBe('Vous avez 1 référence :');
    expect(cardOf(replies[0])).toContain(stored[0]!.reference);
    replies = await click({ verb: 'referralStatus', referralId: stored[0]!.id, status: 'sent' }, FR);
    expect(replies[0]!.text).toBe(`Référence ${stored[0]!.reference} : statut changé à « envoyée ».`);
    expect((await store.all())[0]!.status).toBe('sent');
    // Accepting is the organization's: a caseworker's (old or forged) button for it changes nothing.
    expect(cardOf((await say('mes références', FR))[0])).not.toContain('"status":"accepted"');
    replies = await click({ verb: 'referralStatus', referralId: stored[0]!.id, status: 'accepted' }, FR);
    expect(replies[0]!.text).toBe(
      "Cette référence est maintenant envoyée : ce changement n'est plus possible. Dites « mes références » pour voir ce que vous pouvez faire.",
    );
    expect((await store.all())[0]!.status).toBe('sent');

    // The caseworker's own label for the client, from the card's text field; shown first in the list, removable.
    const id = stored[0]!.id;
    replies = await click({ verb: 'referralLabel', referralId: id, [`label-${id}`]: '  D-2041\u202e ' }, FR);
    expect(replies[0]!.text).toBe(`Référence ${stored[0]!.reference} : étiquette enregistrée.`);
    expect((await store.all())[0]!.clientLabel).toBe('D-2041');
    expect(cardOf((await say('mes références', FR))[0])).toContain(`D-2041 · ${stored[0]!.reference}`);
    replies = await click({ verb: 'referralLabel', referralId: id, [`label-${id}`]: '' }, FR);
    expect(replies[0]!.text).toBe(`Référence ${stored[0]!.reference} : étiquette retirée.`);
    expect((await store.all())[0]!.clientLabel).toBeUndefined();
  });

  test('without consent nothing is stored', async () => {
    const { say, click, storage } = dialogClient();
    await click({ verb: 'refer', offeringId: 'francisation-quebec' }, FR);
    await say('Lettre en français', FR);
    const replies = await say('non', FR);
    expect(replies[0]!.text).toMatch(/^D'accord : sans consentement, rien n'a été enregistré/);
    expect(await new ReferralStore(storage).all()).toEqual([]);
  });
});

describe('checking a client against every offering, in English', () => {
  /** A client's answers, typed as people type them. */
  const typed: Record<string, string> = {
    arrivalDate: 'May 1 2023',
    age: '34 years',
    hasChildren: 'yes',
    lowIncome: 'no',
    socialAssistance: 'no',
    sponsored: 'no',
    firstAssistanceRequest: 'no',
    canadianExperience: 'no',
    studiedAbroad: 'yes',
    regulatedProfession: 'yes',
  };
  const clicked: Record<string, string> = {
    status: 'permanent-resident',
    workPermit: 'none',
    region: 'montreal',
    employment: 'unemployed',
    frenchLevel: 'beginner',
  };

  test('asks fewer questions than there are facts, accepts typed dates and numbers, and ends with three groups', async () => {
    const { say, click, services } = dialogClient();
    const facts = Object.keys(services.kb.facts).length;
    let replies = await say('eligibility', EN);
    expect(replies[0]!.text).toMatch(/^Let's see which services your client is eligible for/);
    let asked = 0;
    let invalidTried = false;
    for (let fact = askedFact(last(replies)); fact; fact = askedFact(last(replies))) {
      asked++;
      if (fact === 'arrivalDate' && !invalidTried) {
        invalidTried = true;
        replies = await say('the day after the storm', EN);
        expect(replies[0]!.text).toBe("I didn't understand this date. Examples: 2023-05-01, May 1 2023.");
        // A real date after today: refused, saying why, and the same question again.
        replies = await say('May 1 2099', EN);
        expect(replies[0]!.text).toMatch(/^This date is in the future: it cannot be after today \(\d{4}-\d{2}-\d{2}\)\. What is the right date\?/);
        expect(askedFact(replies[0])).toBe('arrivalDate');
        continue;
      }
      if (fact === 'gender') replies = await click({ verb: 'answer', fact, special: 'dontKnow' }, EN);
      else if (clicked[fact]) replies = await click({ verb: 'answer', fact, value: clicked[fact]! }, EN);
      else replies = await say(typed[fact] ?? "I don't know", EN);
      expect(asked).toBeLessThan(facts);
    }
    const results = last(replies)!;
    expect(results.text).toMatch(/^Result: eligible for \d+, to check for \d+, not eligible for \d+\.$/);
    const card = cardOf(results);
    expect(card).toContain('Eligible (');
    // The answers first, each with "change"; the most relevant results, the rest behind "see all".
    expect(card).toContain('"text":"Age: 34 years"');
    expect(card).toContain('{"verb":"changeAnswer","fact":"age"}');
    expect(card).toMatch(/See all results \(\d+\)/);
    const rest = (await click({ verb: 'allResults' }, EN)).map(cardOf).join('');
    expect(rest).toContain('Not eligible (');
    expect(card + rest).toContain('Francisation Québec — free French courses');
    expect(card + rest).toContain('34 years (at least 16 years is required)');
  });

  test('back, then a referral with consent: letter in French for a French-speaking client', async () => {
    const { say, click, storage } = dialogClient();
    let replies = await click({ verb: 'eligibility', offeringId: 'carrefours-jeunesse-emploi' }, EN);
    expect(askedFact(last(replies))).toBe('age');
    replies = await say('forty', EN);
    expect(replies[0]!.text).toBe("I didn't understand this number. Example: 34.");
    replies = await say('150', EN);
    expect(replies[0]!.text).toBe('This number must be between 0 and 120. Example: 34.');
    replies = await say('28.5', EN);
    expect(replies[0]!.text).toBe('A whole number, please (ages count completed years). Example: 34.');
    replies = await say('28 years old', EN);
    // Status rules differ from one centre to another: only a citizen is sure to be eligible.
    expect(askedFact(last(replies))).toBe('status');
    replies = await click({ verb: 'answer', fact: 'status', value: 'citizen' }, EN);
    expect(last(replies)!.text).toBe('Result: eligible for 1, to check for 0, not eligible for 0.');
    expect(cardOf(last(replies))).toContain('28 years (16 to 35 years is required)');

    replies = await click({ verb: 'refer', offeringId: 'carrefours-jeunesse-emploi' }, EN);
    expect(cardOf(replies[0])).toContain('What the referral will share:');
    expect(cardOf(replies[0])).toContain('"title":"Age","value":"28"');
    await say('Letter in French', EN);
    replies = await say('yes', EN);
    expect(replies[0]!.text).toMatch(/^Referral PAS-[0-9A-Z]{4}-[0-9A-Z]{4} created\.$/);
    expect(replies[1]!.text).toContain('Objet : référence vers Carrefours jeunesse-emploi');
    const [stored] = await new ReferralStore(storage).all();
    expect(stored).toMatchObject({ language: 'fr', facts: { age: 28 }, channel: 'test' });

    // The client's answers stay for another referral from the same results, until the case ends.
    replies = await click({ verb: 'refer', offeringId: 'carrefours-jeunesse-emploi' }, EN);
    expect(cardOf(replies[0])).toContain('"title":"Age","value":"28"');
    await say('restart', EN);
    replies = await say('end case', EN);
    expect(replies[0]!.text).toBe('No client answers are kept at the moment.');
    replies = await click({ verb: 'refer', offeringId: 'carrefours-jeunesse-emploi' }, EN);
    expect(cardOf(replies[0])).toContain('Nothing about the person');
  });

  test('back from the second question asks the first again, in English', async () => {
    const { say, click } = dialogClient();
    let replies = await click({ verb: 'eligibility', offeringId: 'hlm-supplement-loyer' }, EN);
    const first = askedFact(last(replies))!;
    replies = await say("I don't know", EN);
    expect(progressOf(last(replies))).toMatch(/^Question 2 /);
    replies = await say('back', EN);
    expect(askedFact(last(replies))).toBe(first);
    expect(progressOf(last(replies))).toMatch(/^Question 1 /);
  });

  test('restart in the middle forgets the answers', async () => {
    const { say } = dialogClient();
    await say('eligibility', EN);
    const replies = await say('restart', EN);
    expect(replies[0]!.text).toBe("All right, let's start over.");
    const again = await say('eligibility', EN);
    expect(progressOf(again[1])).toMatch(/^Question 1 /);
    expect(askedFact(again[1])).toBe('need');
  });
});
