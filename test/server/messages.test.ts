import { message, post, startServer, submitData, type Running } from './harness';

/** Real activities posted to /api/messages with deliveryMode "expectReplies": the replies come back in the body. */
describe('POST /api/messages', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.stop();
  });

  test('a French greeting gets the welcome in French, with suggested actions', async () => {
    const { status, replies } = await post(s.url, message('Bonjour', { locale: 'fr-CA', conversation: { id: 'greet-fr' } }));
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('Je suis Passerelle');
    expect(replies[0]!.suggestedActions!.actions.map((a) => a.title)).toEqual(expect.arrayContaining(['Aide', 'English']));
  });

  test('en-US gets English', async () => {
    const { replies } = await post(s.url, message('Hello', { locale: 'en-US', conversation: { id: 'greet-en' }, from: { id: 'user-en' } }));
    expect(replies[0]!.text).toContain("I'm Passerelle");
    expect(replies[0]!.suggestedActions!.actions.map((a) => a.title)).toContain('Français');
  });

  test('no locale at all gets French; fr_CA (underscore) too', async () => {
    const none = await post(s.url, message('hi', { conversation: { id: 'greet-none' }, from: { id: 'user-none' } }));
    expect(none.replies[0]!.text).toContain('Je suis Passerelle');
    const posix = await post(s.url, message('hi', { locale: 'fr_CA', conversation: { id: 'greet-posix' }, from: { id: 'user-posix' } }));
    expect(posix.replies[0]!.text).toContain('Je suis Passerelle');
  });

  test('a search for French classes returns Francisation Québec as an Adaptive Card 1.5', async () => {
    const { replies } = await post(s.url, message('French classes', { locale: 'en-US', conversation: { id: 'search-en' }, from: { id: 'user-en' } }));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(/^I found \d+ services? for "French classes":$/);
    const card = replies[0]!.attachments![0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.version).toBe('1.5');
    expect(card.content.lang).toBe('en');
    expect(JSON.stringify(card.content)).toContain('Francisation Québec — free French courses');
    // Web Chat is the newcomer's channel: Details and "Am I eligible?", never Refer.
    expect(submitData(card.content).slice(0, 2)).toEqual([
      { verb: 'details', offeringId: 'francisation-quebec' },
      { verb: 'eligibility', offeringId: 'francisation-quebec' },
    ]);
    expect(submitData(card.content).map((d) => d.verb)).not.toContain('refer');
    expect(JSON.stringify(card.content)).toContain('"title":"Am I eligible?"');
  });

  test('a button click (object data in activity.value, no text) shows the details', async () => {
    const click = message('', {
      text: undefined,
      value: { verb: 'details', offeringId: 'francisation-quebec' },
      channelData: { postBack: true },
      locale: 'fr-CA',
      conversation: { id: 'details-fr' },
    });
    const { replies } = await post(s.url, click);
    const body = JSON.stringify(replies[0]!.attachments![0]!.content);
    expect(body).toContain('Francisation Québec — cours de français gratuits');
    expect(body).toContain('Documents à apporter');
    expect(body).toContain('15 mars 2026');
  });

  test('an unknown activity type is accepted and ignored', async () => {
    const { status, json } = await post(s.url, { ...message(''), type: 'somethingNew', text: undefined });
    expect(status).toBe(200);
    expect(json).toEqual({ activities: [] });
  });

  test('an unknown activity type without expectReplies or serviceUrl is accepted too (nothing to reply)', async () => {
    const { status } = await post(s.url, { ...message(''), type: 'somethingNew', text: undefined, deliveryMode: undefined });
    expect(status).toBe(200);
  });

  test('a message over 4,000 characters is cut, with a notice, and still answered', async () => {
    const long = `French classes ${'x'.repeat(5000)}`;
    const { status, replies } = await post(s.url, message(long, { locale: 'en-US', conversation: { id: 'long' }, from: { id: 'user-long' } }));
    expect(status).toBe(200);
    expect(replies[0]!.text).toBe('Your message is very long: I only read its first 4,000 characters.');
    expect(replies[1]!.attachments).toHaveLength(1);
  });

  test('a redelivered activity (same id) is answered once, also while the first is in flight', async () => {
    const first = message('cours de français', { locale: 'fr-CA', conversation: { id: 'redelivery' } });
    const [a, b] = await Promise.all([post(s.url, first), post(s.url, first)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.replies.length, b.replies.length].sort()).toEqual([0, 1]);
    const again = await post(s.url, first);
    expect(again.json).toEqual({ activities: [] });
  });

  test('a Web Chat retry (same clientActivityID, new id) is answered once', async () => {
    const one = message('logement', { locale: 'fr-CA', conversation: { id: 'retry' }, channelData: { clientActivityID: 'web-1' } });
    expect((await post(s.url, one)).replies).toHaveLength(1);
    expect((await post(s.url, { ...one, id: 'another-id' })).replies).toHaveLength(0);
  });

  test('on Web Chat the eligibility button starts a self-check, and refer only says how to get the service', async () => {
    const eligibility = await post(
      s.url,
      message('', {
        text: undefined,
        value: { verb: 'eligibility', offeringId: 'francisation-quebec' },
        locale: 'en-US',
        conversation: { id: 'verbs' },
        from: { id: 'user-en' },
      }),
    );
    expect(eligibility.replies[0]!.text).toContain('Let\'s see whether you can get "Francisation Québec — free French courses"');
    expect(JSON.stringify(eligibility.replies[1]!.attachments)).toContain('How old are you?');
    const refer = await post(
      s.url,
      message('', { text: undefined, value: { verb: 'refer', offeringId: 'francisation-quebec' }, locale: 'fr-CA', conversation: { id: 'verbs-fr' } }),
    );
    expect(refer.replies[0]!.text).toMatch(/^Pour obtenir ce service, voici comment faire : /);
  });
});
