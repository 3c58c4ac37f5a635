import WebSocket from 'ws';
import { startServer, type Running } from '../server/harness';
import { botMessages, cardTitles, Client, ConnectionStatus, isMessage, watermarkOf, webChatToken } from './directline-client';

/**
 * The built-in Direct Line channel as the unmodified botframework-directlinejs client sees it:
 * the same library Web Chat uses in the page.
 */
describe('Direct Line channel with botframework-directlinejs', () => {
  let running: Running;
  const clients: Client[] = [];
  const client = (options: ConstructorParameters<typeof Client>[0]) => {
    const c = new Client(options);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    running = await startServer();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.end();
  });
  afterAll(async () => {
    await running.stop();
  });

  it('starts a conversation over the WebSocket stream, welcomes in the page language, answers a question', async () => {
    const session = await webChatToken(running.url, 'en');
    expect(session.domain).toBe(`${running.url}/v3/directline`);
    expect(session.expires_in).toBe(1800);
    const c = client({ token: session.token, domain: session.domain, webSocket: true });
    await c.until((r) => botMessages(r).length >= 1, 'the welcome');
    expect(c.statuses).toContain(ConnectionStatus.Online);
    expect(botMessages(c.received)[0]!.text).toMatch(/Hello! I'm Passerelle/);

    const id = await c.post({
      type: 'message',
      text: 'health insurance',
      from: { id: 'someone-else', name: 'Mallory' },
      channelData: { clientActivityID: 'client-1' },
    } as never);
    expect(id).toMatch(new RegExp(`^${session.conversationId}\\|\\d+$`));
    await c.until((r) => botMessages(r).some((a) => cardTitles(a).some((t) => /RAMQ/.test(t))), 'the RAMQ card');

    const echo = c.received.filter(isMessage).find((a) => a.id === id)!;
    // The echo carries the client's id so Web Chat marks the message sent; the sender comes from the token.
    expect((echo.channelData as { clientActivityID?: string }).clientActivityID).toBe('client-1');
    expect(echo.from.id).not.toBe('someone-else');
    expect(echo.from.id).toMatch(/^dl_/);
    expect(echo.text).toBe('health insurance');
  });

  it('is the newcomer experience: no Refer button, "Am I eligible?", no referral and no one else\'s referrals', async () => {
    const session = await webChatToken(running.url, 'en');
    const c = client({ token: session.token, domain: session.domain, webSocket: true });
    await c.until((r) => botMessages(r).length >= 1, 'the welcome');
    await c.post({ type: 'message', text: 'French classes' });
    await c.until((r) => botMessages(r).some((a) => (a.attachments ?? []).length > 0), 'the results card');
    const card = botMessages(c.received).find((a) => (a.attachments ?? []).length > 0)!;
    const titles = JSON.stringify(card.attachments![0]).match(/"title":"[^"]+"/g) ?? [];
    expect(titles).toContain('"title":"Am I eligible?"');
    expect(titles.join()).not.toMatch(/Refer|Check eligibility/);

    // A forged Refer click and the caseworker command both get a clear answer, nothing else.
    const before = botMessages(c.received).length;
    await c.post({ type: 'message', value: { verb: 'refer', offeringId: 'francisation-quebec' } } as never);
    await c.post({ type: 'message', text: 'my referrals' });
    await c.until((r) => botMessages(r).length >= before + 2, 'two answers');
    const answers = botMessages(c.received)
      .slice(before)
      .map((a) => a.text);
    expect(answers[0]).toMatch(/^To get this service, here is how:/);
    expect(answers[1]).toMatch(/caseworker/i);
    expect(await running.storage.read(['referrals/index'])).toEqual({});
  });

  it('polls with watermarks and resumes from one without repeating what was received', async () => {
    const session = await webChatToken(running.url, 'fr');
    const first = client({ token: session.token, domain: session.domain, webSocket: false, pollingInterval: 200 });
    await first.until((r) => botMessages(r).length >= 1, 'the welcome');
    expect(botMessages(first.received)[0]!.text).toMatch(/Bonjour/);
    await first.post({ type: 'message', text: 'cours de français' });
    await first.until((r) => botMessages(r).length >= 2, 'the search results');
    const seen = first.received.map((a) => a.id);
    const watermark = watermarkOf(first);
    expect(watermark).toMatch(/^\d+$/);
    first.end();

    const resumed = client({ token: session.token, domain: session.domain, conversationId: session.conversationId, watermark, webSocket: true });
    await resumed.post({ type: 'message', text: 'aide' });
    await resumed.until((r) => botMessages(r).length >= 1, 'the help after resuming');
    expect(resumed.received.map((a) => a.id).filter((id) => seen.includes(id))).toEqual([]);
    expect(resumed.received.filter(isMessage)[0]!.text).toBe('aide');
  });

  it('refreshes a token for the same conversation', async () => {
    const session = await webChatToken(running.url);
    const res = await fetch(`${session.domain}/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${session.token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; conversationId: string; expires_in: number };
    expect(body.conversationId).toBe(session.conversationId);
    expect(body.expires_in).toBe(1800);
    const activities = await fetch(`${session.domain}/conversations/${session.conversationId}/activities`, {
      headers: { Authorization: `Bearer ${body.token}` },
    });
    expect(activities.status).toBe(200);
  });

  it('refuses a token used for another conversation: 403 on REST and on the stream', async () => {
    const a = await webChatToken(running.url);
    const b = await webChatToken(running.url);
    const auth = { Authorization: `Bearer ${a.token}` };
    const read = await fetch(`${a.domain}/conversations/${b.conversationId}/activities`, { headers: auth });
    expect(read.status).toBe(403);
    expect(await read.json()).toEqual({ error: { code: 'Forbidden', message: 'the token is not valid for this conversation' } });
    const post = await fetch(`${a.domain}/conversations/${b.conversationId}/activities`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi' }),
    });
    expect(post.status).toBe(403);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${running.url.replace('http', 'ws')}/v3/directline/conversations/${b.conversationId}/stream?t=${a.token}`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  it('refuses missing and forged tokens with 401', async () => {
    const session = await webChatToken(running.url);
    const url = `${session.domain}/conversations/${session.conversationId}/activities`;
    expect((await fetch(url)).status).toBe(401);
    const forged = session.token.replace(/\.[^.]+$/, '.AAAA');
    expect((await fetch(url, { headers: { Authorization: `Bearer ${forged}` } })).status).toBe(401);
    // A token of our format but tampered with (another user id) fails its signature.
    const [payload, sig] = session.token.split('.');
    const fields = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as unknown[];
    fields[1] = 'dl_someone_else';
    const tampered = `${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${sig}`;
    expect((await fetch(url, { headers: { Authorization: `Bearer ${tampered}` } })).status).toBe(401);
  });

  it('answers bad posts with 4xx and a reason, and the conversation goes on', async () => {
    const session = await webChatToken(running.url);
    const url = `${session.domain}/conversations/${session.conversationId}/activities`;
    const post = (body: string | Buffer, type = 'application/json') =>
      fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': type }, body });
    const cases: [string | Buffer, string, number, RegExp][] = [
      ['{not json', 'application/json', 400, /not valid JSON/],
      ['[]', 'application/json', 400, /activity object/],
      [JSON.stringify({ type: 'invoke' }), 'application/json', 400, /message, event or typing/],
      [JSON.stringify({ type: 'message', text: 42 }), 'application/json', 400, /text must be a string/],
      [JSON.stringify({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'http://x' }] }), 'application/json', 400, /attachments/],
      ['hello', 'text/plain', 415, /JSON/],
    ];
    for (const [body, type, status, reason] of cases) {
      const res = await post(body, type);
      expect([String(body).slice(0, 30), res.status]).toEqual([String(body).slice(0, 30), status]);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(reason);
    }
    expect((await post(Buffer.alloc(70 * 1024, 'a'))).status).toBe(413);
    const ok = await post(JSON.stringify({ type: 'message', text: 'aide' }));
    expect(ok.status).toBe(200);
  });
});

describe('Direct Line channel limits and expiry', () => {
  let now = new Date('2026-11-29T12:00:00Z');
  let running: Running;

  beforeAll(async () => {
    running = await startServer({
      now: () => now,
      env: { WEBCHAT_MESSAGES_PER_MINUTE: '3', WEBCHAT_IP_REQUESTS_PER_MINUTE: '40', WEBCHAT_MAX_CONVERSATIONS: '2', WEBCHAT_IDLE_MINUTES: '10' },
    });
  });
  afterAll(async () => {
    await running.stop();
  });

  it('limits messages per conversation and requests per address with 429 and Retry-After; expired tokens get 401', async () => {
    const session = await webChatToken(running.url);
    const url = `${session.domain}/conversations/${session.conversationId}/activities`;
    const send = (text: string) =>
      fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', text }),
      });
    for (const text of ['aide', 'help', 'aide']) expect((await send(text)).status).toBe(200);
    const limited = await send('aide');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // A minute later, the conversation may speak again.
    now = new Date(now.getTime() + 61_000);
    expect((await send('aide')).status).toBe(200);

    // Past its lifetime the token is refused with 401, and refresh cannot revive it.
    now = new Date(now.getTime() + 31 * 60_000);
    const expired = await send('aide');
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ error: { code: 'TokenExpired', message: 'the token has expired' } });
    const refresh = await fetch(`${session.domain}/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${session.token}` } });
    expect(refresh.status).toBe(401);

    // Requests per address: the budget of 40 a minute runs out.
    let status = 200;
    for (let i = 0; i < 45 && status !== 429; i++) status = (await fetch(`${running.url}/api/webchat/token`, { method: 'POST' })).status;
    expect(status).toBe(429);
    now = new Date(now.getTime() + 61_000);
  });

  it('keeps at most WEBCHAT_MAX_CONVERSATIONS, never dropping one in progress, and forgets idle ones with their state', async () => {
    now = new Date(now.getTime() + 60 * 60_000);
    running.app.webChat.conversations.sweep();
    const started: { token: string; conversationId: string; domain: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const s = await webChatToken(running.url, 'fr');
      const res = await fetch(`${s.domain}/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${s.token}` } });
      expect(res.status).toBe(201);
      started.push(s);
    }
    const third = await fetch(`${running.url}/api/webchat/token`, { method: 'POST' });
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('60');

    // The first conversation answers a question (so it has bot state), then both go quiet.
    const [first] = started;
    const answered = await fetch(`${first!.domain}/conversations/${first!.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${first!.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'assurance maladie' }),
    });
    expect(answered.status).toBe(200);
    const stateKey = `directline/conversations/${first!.conversationId}/`;
    expect(Object.keys(await running.storage.read([stateKey]))).toEqual([stateKey]);

    now = new Date(now.getTime() + 11 * 60_000);
    expect((await fetch(`${running.url}/api/webchat/token`, { method: 'POST' })).status).toBe(200);
    expect(running.app.webChat.conversations.get(first!.conversationId)).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await running.storage.read([stateKey])).toEqual({});
  });
});
