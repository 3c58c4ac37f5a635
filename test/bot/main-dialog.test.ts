import { DialogTurnStatus } from 'botbuilder-dialogs';
import { cardOf, dialogClient } from './dialog-harness';

const FR = 'fr-CA';
const EN = 'en-US';

describe('MainDialog in French', () => {
  test('a greeting gets the welcome, what the assistant can do, with suggested actions', async () => {
    const { say } = dialogClient();
    const [welcome] = await say('Bonjour', FR);
    expect(welcome!.text).toMatch(/^Bonjour! Je suis Passerelle/);
    expect(welcome!.text).toContain('« cours de français »');
    expect(welcome!.suggestedActions!.actions.map((a) => a.title)).toEqual(['Cours de français', 'Assurance maladie', 'Trouver un emploi', 'Aide', 'English']);
  });

  test('free text is a search: a card list with name, summary, provider and three buttons', async () => {
    const { say } = dialogClient();
    const [reply] = await say('cours de français', FR);
    expect(reply!.text).toMatch(/^J'ai trouvé [1-5] services? pour « cours de français » :$/);
    const card = reply!.attachments![0]!.content as {
      version: string;
      lang: string;
      body: { items: { text?: string; actions?: { title: string; data: unknown }[] }[] }[];
    };
    expect(card.version).toBe('1.5');
    expect(card.lang).toBe('fr');
    const [name, summary, provider, buttons] = card.body[0]!.items;
    expect(name!.text).toBe('Francisation Québec — cours de français gratuits');
    expect(summary!.text).toMatch(/^Des cours de français gratuits/);
    expect(provider!.text).toBe("Offert par Ministère de l'Immigration, de la Francisation et de l'Intégration (MIFI)");
    expect(buttons!.actions!.map((a) => [a.title, a.data])).toEqual([
      ['Détails', { verb: 'details', offeringId: 'francisation-quebec' }],
      ["Vérifier l'admissibilité", { verb: 'eligibility', offeringId: 'francisation-quebec' }],
      ['Référer', { verb: 'refer', offeringId: 'francisation-quebec' }],
    ]);
  });

  test('several results are counted with a plural', async () => {
    const { say } = dialogClient();
    const [reply] = await say('assurance maladie', FR);
    expect(reply!.text).toMatch(/^J'ai trouvé [2-5] services pour « assurance maladie » :$/);
    expect(cardOf(reply)).toContain('ramq-assurance-maladie');
  });

  test('nothing found: a clear answer and what to try', async () => {
    const { say } = dialogClient();
    const [reply] = await say('zzzqx wwvkj', FR);
    expect(reply!.text).toContain("Je n'ai pas de service qui corresponde à « zzzqx wwvkj ».");
    expect(reply!.text).toContain('Le 211 peut vous diriger vers le bon organisme, gratuitement et en toute confidentialité : composez le 211.');
    expect(reply!.text).toContain("Essayez d'autres mots");
    expect(reply!.suggestedActions!.actions.length).toBeGreaterThan(0);
  });

  test('the details button: offers, eligibility, documents, access, cost, languages, official sources only, last review', async () => {
    const { click, services } = dialogClient();
    const [reply] = await click({ verb: 'details', offeringId: 'francisation-quebec' }, FR);
    const card = cardOf(reply);
    // Secondary sources and editor notes are for admins.
    const offering = services.kb.get('francisation-quebec')!;
    for (const s of offering.sources) expect([s.url, card.includes(s.url)]).toEqual([s.url, s.kind === 'official']);
    for (const note of offering.editorNotes) expect(card).not.toContain(note);
    const official = cardOf((await click({ verb: 'details', offeringId: 'aide-sociale' }, FR))[0]);
    expect(official).toContain('Sources officielles');
    for (const part of [
      'Ce que le service offre',
      'Qui y a droit',
      'Documents à apporter',
      'Comment y accéder',
      'Coût',
      'Gratuit',
      'Langues du service',
      'français',
      'Dernière révision',
      '15 mars 2026',
      '514 864-9191',
    ]) {
      expect(card).toContain(part);
    }
    expect(card).not.toContain('Attention');
  });

  test('a stale entry carries a warning', async () => {
    const { click } = dialogClient({ now: new Date('2028-01-01T00:00:00Z') });
    const [reply] = await click({ verb: 'details', offeringId: 'francisation-quebec' }, FR);
    expect(cardOf(reply)).toContain('Attention : cette fiche a été révisée le 15 mars 2026, il y a plus de 365 jours.');
  });

  test('an unknown offering id is answered, not a crash', async () => {
    const { click } = dialogClient();
    const [reply] = await click({ verb: 'details', offeringId: 'nope' }, FR);
    expect(reply!.text).toMatch(/^Je ne trouve plus ce service/);
  });

  test('aide shows the commands', async () => {
    const { say } = dialogClient();
    const [reply] = await say('aide', FR);
    expect(reply!.text).toMatch(/^Voici ce que je peux faire :/);
  });

  test('a message with no text and no button data', async () => {
    const { say } = dialogClient();
    const [reply] = await say('', FR, { text: undefined, value: { something: 'else' } });
    expect(reply!.text).toBe('Je lis seulement le texte. Décrivez votre besoin en quelques mots.');
  });

  test('chercher asks what to look for, then searches the answer', async () => {
    const { say } = dialogClient();
    const [ask] = await say('chercher', FR);
    expect(ask!.text).toMatch(/^Quel service cherchez-vous\?/);
    const [reply] = await say('cours de français', FR);
    expect(cardOf(reply)).toContain('francisation-quebec');
  });
});

describe('MainDialog in English', () => {
  test('a greeting gets the welcome in English', async () => {
    const { say } = dialogClient();
    const [welcome] = await say('hello', EN);
    expect(welcome!.text).toMatch(/^Hello! I'm Passerelle/);
    expect(welcome!.suggestedActions!.actions.map((a) => a.title)).toContain('Français');
  });

  test('French classes returns Francisation Québec, with content in English', async () => {
    const { say } = dialogClient();
    const [reply] = await say('French classes', EN);
    expect(reply!.text).toMatch(/^I found [1-5] services? for "French classes":$/);
    expect((reply!.attachments![0]!.content as { body: { items: { text?: string }[] }[] }).body[0]!.items[0]!.text).toBe(
      'Francisation Québec — free French courses',
    );
    expect(cardOf(reply)).toContain('Francisation Québec — free French courses');
    expect(cardOf(reply)).toContain('"title":"Check eligibility"');
  });

  test('details in English', async () => {
    const { click } = dialogClient();
    const [reply] = await click({ verb: 'details', offeringId: 'francisation-quebec' }, EN);
    const card = cardOf(reply);
    for (const part of ['What it offers', 'Who is eligible', 'Documents to bring', 'How to access it', 'Free', 'French', 'March 15, 2026'])
      expect(card).toContain(part);
  });

  test('nothing found, in English', async () => {
    const { say } = dialogClient();
    const [reply] = await say('zzzqx wwvkj', EN);
    expect(reply!.text).toMatch(
      /^I have no service that matches "zzzqx wwvkj"\.\n\n211 can direct you to the right organization, free and confidential: dial 211\.\n\nTry other/,
    );
  });
});

describe('language switch and interruptions', () => {
  test('"English" switches and is remembered for the user, over the activity locale', async () => {
    const { say } = dialogClient();
    expect((await say('English', FR))[0]!.text).toBe("OK, I'll continue in English.");
    expect((await say('Bonjour', FR))[0]!.text).toMatch(/^Hello! I'm Passerelle/);
    expect((await say('français', FR))[0]!.text).toBe("D'accord, je continue en français.");
    expect((await say('hello', EN))[0]!.text).toMatch(/^Bonjour! Je suis Passerelle/);
  });

  test('"langue" asks with a choice prompt; "2" picks English', async () => {
    const { say, client } = dialogClient();
    const [ask] = await say('langue', FR);
    expect(ask!.text).toContain('Dans quelle langue voulez-vous continuer?');
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.waiting);
    const [done] = await say('2', FR);
    expect(done!.text).toBe("OK, I'll continue in English.");
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
  });

  test('an answer the prompt does not understand gets the retry prompt', async () => {
    const { say } = dialogClient();
    await say('language', EN);
    const [retry] = await say('purple', EN);
    expect(retry!.text).toContain('Please choose a language: Français or English.');
  });

  test('help during a prompt shows help, then asks again', async () => {
    const { say, client } = dialogClient();
    await say('langue', FR);
    const replies = await say('aide', FR);
    expect(replies[0]!.text).toMatch(/^Voici ce que je peux faire/);
    expect(replies[1]!.text).toContain('Dans quelle langue voulez-vous continuer?');
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.waiting);
  });

  test('restart during a prompt clears it and welcomes again', async () => {
    const { say, client } = dialogClient();
    await say('language', EN);
    const replies = await say('restart', EN);
    expect(replies.map((r) => r.text?.split('\n')[0])).toEqual([
      "All right, let's start over.",
      "Hello! I'm Passerelle. I help you find the integration services offered to immigrants in Québec.",
    ]);
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
    // Nothing is waiting any more: "2" is now a search.
    const [after] = await say('2', EN);
    expect(after!.text).toMatch(/^I have no service that matches "2"/);
  });

  test('a card button during a prompt leaves the prompt and does what it says', async () => {
    const { say, click } = dialogClient();
    await say('chercher', FR);
    const [reply] = await click({ verb: 'details', offeringId: 'francisation-quebec' }, FR);
    expect(cardOf(reply)).toContain('Ce que le service offre');
  });
});
