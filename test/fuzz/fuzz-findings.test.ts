import { createLogger } from '../../src/log/logger';
import { message, post, startServer, type Running } from '../server/harness';
import { ConnectorSink } from './fuzz-kit';

/**
 * The smallest inputs behind what activities.fuzz.test.ts found, one test each, stating the
 * behaviour expected. They fail until the bug is fixed: a client's odd input gets a 4xx or a normal
 * answer, never a 5xx, and never a turn that fails (answered 200 with an apology, state cleared).
 */
describe('fuzz findings, reduced', () => {
  const sink = new ConnectorSink();
  let running: Running;
  const turnFailures: string[] = [];

  beforeAll(async () => {
    await sink.start();
    const logger = createLogger(
      { LOG_LEVEL: 'error' },
      {
        write(line: string) {
          const entry = JSON.parse(line) as { msg: string; err?: { message?: string } | string };
          turnFailures.push(`${entry.msg}: ${typeof entry.err === 'string' ? entry.err : entry.err?.message}`);
        },
      },
    );
    running = await startServer({ logger, env: { WEBCHAT_MESSAGES_PER_MINUTE: '1000', WEBCHAT_IP_REQUESTS_PER_MINUTE: '1000' } });
  });
  beforeEach(() => {
    turnFailures.length = 0;
  });
  afterAll(async () => {
    await running.stop();
    await sink.stop();
  });

  async function webChat() {
    const res = await fetch(`${running.url}/api/webchat/token`, { method: 'POST' });
    const { token, conversationId } = (await res.json()) as { token: string; conversationId: string };
    const url = `${running.url}/v3/directline/conversations/${conversationId}/activities`;
    const headers = { authorization: `Bearer ${token}` };
    return {
      send: async (body: string) => (await fetch(url, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } })).status,
      poll: async () => {
        const r = await fetch(url, { headers });
        return {
          status: r.status,
          activities: r.status === 200 ? ((await r.json()) as { activities: { from: { role: string }; text?: string }[] }).activities : [],
        };
      },
    };
  }
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('Direct Line: a posted activity nested 2,500 levels deep (5 KB) gets a 4xx', async () => {
    // web-chat-channel.ts post(): structuredClone(stored) throws RangeError (stack) → 500, after the echo was stored.
    const c = await webChat();
    expect(await c.send(`{"type":"message","text":"aide","channelData":${nested(2_500)}}`)).toBeLessThan(500);
  });

  it('Direct Line: after a post nested 9,000 levels deep (18 KB), the conversation can still be read', async () => {
    // The echo is stored before the turn fails; restify's JSON formatter then overflows on every read that includes it.
    const c = await webChat();
    await c.send(`{"type":"message","text":"aide","value":${nested(9_000)}}`);
    expect((await c.poll()).status).toBe(200);
  });

  it('POST /api/messages: a recipient nested 5,000 levels deep gets a 4xx, not a 500 from formatting the reply', async () => {
    // The reply's `from` is the incoming recipient; restify's JSON formatter overflows its stack on it.
    const body =
      JSON.stringify(message('aide', { conversation: { id: 'finding-deep-recipient' } })).slice(0, -1) +
      `,"recipient":{"id":"passerelle","properties":${nested(5_000)}}}`;
    const { status } = await post(running.url, body);
    expect(status).toBeLessThan(500);
  });

  it.each([
    ['an entity without a type (web chat)', 'directline', '{"type":"message","text":"aide","entities":[{}]}'],
    ['"entities": null', 'api', { entities: null }],
    ['a mention entity without "mentioned"', 'api', { entities: [{ type: 'mention', text: '<at>x</at>' }] }],
    ['a mention entity with "mentioned": null', 'api', { entities: [{ type: 'mention', mentioned: null }] }],
  ])('answers a message with %s normally (passerelle-bot.ts cleanText → TurnContext.removeRecipientMention throws)', async (_what, where, extra) => {
    if (where === 'directline') {
      const c = await webChat();
      expect(await c.send(extra as string)).toBe(200);
      const bot = (await c.poll()).activities.filter((a) => a.from.role === 'bot').map((a) => a.text ?? '');
      expect(bot.at(-1)).toMatch(/^Voici ce que je peux faire/);
    } else {
      const { status, replies } = await post(running.url, message('aide', { conversation: { id: `finding-entities-${Math.random()}` }, ...(extra as object) }));
      expect(status).toBe(200);
      expect(replies[0]?.text).toMatch(/^Voici ce que je peux faire/);
    }
    expect(turnFailures).toEqual([]);
  });

  // Teams posts invokes without expectReplies: the invoke response's status becomes the HTTP status.
  // With expectReplies the same answer is a 200 carrying {"type": "invokeResponse", "value": {"status": 501}}.
  it('answers invokes it does not implement without a 5xx (botbuilder answers 501 Not Implemented)', async () => {
    const statuses: Record<string, number> = {};
    for (const name of ['composeExtension/query', 'task/fetch', 'signin/verifyState', 'adaptiveCard/action', 'anything']) {
      const { status } = await post(running.url, {
        type: 'invoke',
        name,
        value: {},
        channelId: 'msteams',
        conversation: { id: 'finding-invoke' },
        from: { id: 'u' },
        recipient: { id: 'passerelle' },
        serviceUrl: sink.url,
      });
      statuses[name] = status;
    }
    expect(Object.entries(statuses).filter(([, status]) => status >= 500)).toEqual([]);
  });

  it('answers an adaptiveCard/action invoke without value.action with no failed turn (botbuilder getAdaptiveCardInvokeValue reads value.action.type)', async () => {
    await post(running.url, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {},
      channelId: 'msteams',
      conversation: { id: 'finding-invoke-2' },
      from: { id: 'u' },
      recipient: { id: 'passerelle' },
      deliveryMode: 'expectReplies',
    });
    expect(turnFailures).toEqual([]);
  });

  it.each([
    ['a conversation id with a character outside Latin-1 (x-ms-conversation-id header: ERR_INVALID_CHAR)', { conversation: { id: 'conv-\u200f' } }],
    ["a recipient name that is not a string (the reply's from fails serialization)", { recipient: { id: 'passerelle', name: false } }],
    ['a recipient aadObjectId that is not a string', { recipient: { id: 'passerelle', aadObjectId: 42 } }],
    ["a sender name that is not a string (the reply's recipient fails serialization)", { from: { id: 'u', name: 42 } }],
    ['a sender name that is an object with a valueOf field ("value.valueOf is not a function")', { from: { id: 'u', name: { valueOf: '' } } }],
  ])('with replies to serviceUrl, %s: refused with a 4xx or answered, never a failed turn', async (_what, fields) => {
    const before = sink.requests;
    const { status } = await post(
      running.url,
      message('aide', { channelId: 'emulator', deliveryMode: undefined, serviceUrl: sink.url, conversation: { id: `finding-${Math.random()}` }, ...fields }),
    );
    if (status !== 400) {
      expect(status).toBe(200);
      expect(turnFailures).toEqual([]);
      expect(sink.requests - before).toBeGreaterThan(0); // the reply reached the connector
    }
  });
});
