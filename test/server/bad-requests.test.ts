import { MAX_BODY_BYTES } from '../../src/botframework/messages-route';
import { message, post, startServer, type Running } from './harness';

/** Client mistakes get a 4xx with a short JSON reason, never a 500, and the server keeps answering. */
describe('bad requests to /api/messages', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.stop();
  });

  const expectReason = (json: unknown, pattern: RegExp) => {
    expect(json).toEqual({ code: expect.any(String), message: expect.stringMatching(pattern) });
  };

  test('malformed JSON → 400', async () => {
    const { status, json } = await post(s.url, '{"type": "message", "text": ');
    expect(status).toBe(400);
    expectReason(json, /not valid JSON/);
  });

  test.each([
    ['an array', '[{"type":"message"}]'],
    ['a string', '"hello"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('a body that is %s, not an activity object → 400', async (_name, body) => {
    const { status, json } = await post(s.url, body);
    expect(status).toBe(400);
    expectReason(json, /activity object/);
  });

  test('an empty body → 400', async () => {
    const { status } = await post(s.url, '');
    expect(status).toBe(400);
  });

  test.each([
    ['type', /no type/],
    ['conversation', /no conversation/],
    ['from', /no from/],
  ])('an activity without %s → 400', async (field, reason) => {
    const body = message('Bonjour');
    delete body[field];
    const { status, json } = await post(s.url, body);
    expect(status).toBe(400);
    expectReason(json, reason);
  });

  test('a conversation or from without an id → 400', async () => {
    expect((await post(s.url, message('x', { conversation: {} }))).status).toBe(400);
    expect((await post(s.url, message('x', { from: 'user' }))).status).toBe(400);
  });

  test('fields of the wrong type → 400, not a crash in the bot', async () => {
    for (const bad of [{ text: 42 }, { locale: { lang: 'fr' } }, { entities: 'x' }, { entities: [null] }, { attachments: {} }, { recipient: 'bot' }]) {
      const { status } = await post(s.url, message('x', bad));
      expect(status).toBe(400);
    }
  });

  test('a message to reply to with no serviceUrl and no expectReplies → 400', async () => {
    const { status, json } = await post(s.url, message('Bonjour', { deliveryMode: undefined }));
    expect(status).toBe(400);
    expectReason(json, /serviceUrl/);
  });

  test('a body over 1 MB → 413', async () => {
    const body = JSON.stringify(message('x'.repeat(1024 * 1024)));
    expect(body.length).toBeGreaterThan(MAX_BODY_BYTES);
    const { status, json } = await post(s.url, body);
    expect(status).toBe(413);
    expect(json).toEqual({ code: 'PayloadTooLarge', message: expect.any(String) });
  });

  test('a body that is not JSON → 415', async () => {
    const { status } = await post(s.url, 'type=message', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(status).toBe(415);
  });

  test('after all that, the server still answers', async () => {
    const { status, replies } = await post(s.url, message('Bonjour', { locale: 'fr-CA' }));
    expect(status).toBe(200);
    expect(replies[0]!.text).toContain('Passerelle');
  });
});
