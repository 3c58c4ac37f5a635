import { botAdapter } from './bot-harness';
import { askedFact, cardOf, dialogClient } from './dialog-harness';

const FR = 'fr-CA';
const EN = 'en-US';
const last = <T>(xs: T[]) => xs[xs.length - 1];

describe('a crisis message on the web chat (the person themself)', () => {
  test('as the first message: the emergency answer first and alone, numbers as tel: links, then help and "continue"', async () => {
    const { send } = botAdapter({ channelId: 'webchat' });
    const replies = await send({ text: 'I want to kill myself', locale: EN });
    expect(replies).toHaveLength(2);
    const [answer, next] = replies;
    expect(answer!.text).toMatch(/^I'm sorry you are going through this\. You are not alone\./);
    expect(answer!.text).toContain('[9-1-1](tel:911)');
    expect(answer!.text).toContain('[1 866 APPELLE (1 866 277-3553)](tel:+18662773553)');
    expect(answer!.text).toContain('[535353](sms:535353)');
    expect(answer!.text).toContain('[9-8-8](tel:988)');
    expect(answer!.attachments ?? []).toEqual([]);
    const card = cardOf(next);
    expect(card).toContain('"verb":"details","offeringId":"info-sante-811"');
    expect(card).toContain('"verb":"resume"');
    // No result list.
    expect(JSON.stringify(replies)).not.toContain('"verb":"eligibility"');
  });

  test.each([
    [
      'mon mari me frappe',
      FR,
      /^Votre sécurité passe en premier\. Si vous êtes en danger maintenant, composez le \[9-1-1\]\(tel:911\)\..*\[1 800 363-9010\]\(tel:\+18003639010\)/s,
    ],
    ['urgence', FR, /^Si vous ou une autre personne êtes en danger immédiat/],
    ['je suis en danger', FR, /^Si vous ou une autre personne êtes en danger immédiat/],
    ['he will kill me', EN, /^Your safety comes first\./],
    ['suicde', EN, /^I'm sorry you are going through this/],
    ["envie d'en finir", FR, /^Je suis désolé·e que vous viviez cela/],
    ['911', EN, /^If you or someone else is in immediate danger/],
    ['help me', EN, /^If you or someone else is in immediate danger/],
    ['agression sexuelle', FR, /Info-aide violence sexuelle.*\[1 888 933-9007\]\(tel:\+18889339007\)/s],
    ['mon père me frappe', FR, /^La sécurité de l'enfant passe en premier\..*DPJ/s],
  ])('%s (%s) gets its answer first', async (text, locale, expected) => {
    const { send } = botAdapter({ channelId: 'webchat' });
    const [answer] = await send({ text, locale });
    expect(answer!.text).toMatch(expected);
  });

  test('Spanish and Arabic words get the answer in the conversation language', async () => {
    const { send } = botAdapter({ channelId: 'webchat' });
    expect((await send({ text: 'suicidio', locale: FR }))[0]!.text).toMatch(/^Je suis désolé·e que vous viviez cela/);
    expect((await send({ text: 'انتحار', locale: EN }))[0]!.text).toMatch(/^I'm sorry you are going through this/);
    expect((await send({ text: 'ayuda', locale: EN }))[0]!.text).toMatch(/^If you or someone else is in immediate danger/);
    expect((await send({ text: 'مساعدة', locale: FR }))[0]!.text).toMatch(/^Si vous ou une autre personne êtes en danger immédiat/);
  });

  test('look-alikes are ordinary questions: French classes, family allowance, violence at work', async () => {
    const { send } = botAdapter({ channelId: 'webchat' });
    for (const [text, locale] of [
      ['cours de français', FR],
      ['allocation famille', FR],
      ['violence au travail', FR],
    ] as const) {
      const replies = await send({ text, locale });
      expect([text, replies[0]!.text]).not.toEqual([text, expect.stringMatching(/9-1-1/)]);
    }
  });

  test('"continue" with nothing in progress asks what to do next', async () => {
    const { send } = botAdapter({ channelId: 'webchat' });
    await send({ text: 'je veux mourir', locale: FR });
    const [reply] = await send({ value: { verb: 'resume' }, locale: FR });
    expect(reply!.text).toBe("D'accord. Que puis-je faire pour vous?");
  });

  test('help always ends with the emergency line', async () => {
    const { send } = botAdapter({ channelId: 'webchat' });
    const [reply] = await send({ text: 'aide', locale: FR });
    expect(reply!.text).toMatch(/En cas de danger : Urgence : 9-1-1 \(police, pompiers, ambulance\)\.$/);
  });
});

describe('a crisis message in the middle of an eligibility check (caseworker)', () => {
  test('the safety card comes first, the check is kept, and "resume" asks the same question again', async () => {
    const { say, click, answerAll } = dialogClient();
    let replies = await click({ verb: 'eligibility', offeringId: 'aide-sociale' }, FR);
    const question = askedFact(last(replies));
    expect(question).toBeDefined();

    replies = await say('son mari la frappe et menace de la tuer', FR);
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    expect(card).toContain("La sécurité de la personne d'abord");
    expect(card).toContain('La vérification en cours est gardée');
    expect(card).toContain('SOS violence conjugale');
    expect(card).toContain('Reprendre la vérification');

    replies = await click({ verb: 'resume' }, FR);
    expect(replies[0]!.text).toBe('On reprend là où nous étions :');
    expect(askedFact(last(replies))).toBe(question);

    // The check goes on to its results.
    replies = await answerAll(replies, { status: 'permanent-resident', lowIncome: 'oui', sponsored: 'non', arrivalDate: '2024-09-01', age: '34 ans' }, FR);
    expect(last(replies)!.text).toMatch(/^Résultat : admissible à 1/);
  });

  test("a related offering's details during the check, then the question again", async () => {
    const { say, click } = dialogClient();
    let replies = await click({ verb: 'eligibility', offeringId: 'aide-sociale' }, EN);
    const question = askedFact(last(replies));
    await say('I want to die', EN);
    replies = await click({ verb: 'details', offeringId: 'info-sante-811' }, EN);
    expect(cardOf(replies[0])).toContain('811');
    expect(askedFact(last(replies))).toBe(question);
  });
});

describe('a discreet referral letter for a sensitive service', () => {
  test('the caseworker chooses it: the letter has the reference and the number, not the service or its subject', async () => {
    const { say, click } = dialogClient();
    let replies = await click({ verb: 'refer', offeringId: 'sos-violence-conjugale' }, FR);
    expect(last(replies)!.text).toMatch(/Dans quelle langue la lettre/);
    replies = await say('Lettre en français', FR);
    expect(last(replies)!.text).toMatch(/^Ce service touche une situation délicate/);
    replies = await say('Lettre discrète', FR);
    expect(last(replies)!.text).toMatch(/consent-elle explicitement/);
    replies = await say('oui', FR);
    const reference = /PAS-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(replies[0]!.text!)![0];
    expect(cardOf(replies[0])).toContain('discrète (sans nom de service)');
    const letter = replies[1]!.text!;
    expect(letter).toContain(reference);
    expect(letter).toContain('1 800 363-9010');
    for (const word of ['SOS', 'violence', 'Objet', 'hébergement', 'http']) expect([word, letter.includes(word)]).toEqual([word, false]);
  });

  test('a full letter stays available, and other services are not asked', async () => {
    const { say, click } = dialogClient();
    await click({ verb: 'refer', offeringId: 'sos-violence-conjugale' }, EN);
    await say('Letter in English', EN);
    await say('Full letter', EN);
    const replies = await say('yes', EN);
    expect(replies[1]!.text).toContain('SOS violence conjugale');
    // Not sensitive: straight to consent after the language.
    await click({ verb: 'refer', offeringId: 'francisation-quebec' }, EN);
    expect(last(await say('Letter in English', EN))!.text).toMatch(/explicitly consent/);
  });
});
