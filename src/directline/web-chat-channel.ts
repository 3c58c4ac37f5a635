import { instruments, observeOpenConversations } from '../telemetry/telemetry';
import type { Activity, Storage } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import restify from 'restify';
import type { Config } from '../config';
import type { BotRuntime } from '../bot/bot-runtime';
import { shortHash, type Logger } from '../log/logger';
import { asyncHandler } from '../server/async-handler';
import { addressOptions, clientIp, publicOrigin, type AddressOptions } from '../server/client-address';
import { queryValue, routeParam } from '../server/request-values';
import { ConversationStore, CapacityError, numberingBase, type Conversation } from './conversation-store';
import { purgeIdleTranscripts, SharedTranscript, type AgedKeys } from './shared-transcript';
import { DirectLineAdapter, DIRECT_LINE_BOT, DIRECT_LINE_CHANNEL } from './directline-adapter';
import { checkPostedActivity } from './posted-activity';
import { RateLimiter } from '../server/rate-limiter';
import { randomId, TokenService, type TokenGrant } from './token-service';

/** Posted activities over this size get 413; the bot also cuts long text with a notice. */
export const MAX_ACTIVITY_BYTES = 64 * 1024;
const SWEEP_EVERY_MS = 60_000;
/** Shared transcripts of idle conversations are deleted this often (listing the storage costs a call per 5,000 items). */
const PURGE_EVERY_MS = 10 * 60_000;

export interface WebChatChannelDeps {
  config: Config;
  runtime: BotRuntime;
  storage: Storage & Partial<AgedKeys>;
  logger: Logger;
  now?: () => Date;
}

/** Direct Line's error shape: `{"error": {"code", "message"}}`. */
export function sendDirectLineError(res: Response, status: number, code: string, message: string, retryAfterSeconds?: number): void {
  if (retryAfterSeconds !== undefined) res.header('Retry-After', String(retryAfterSeconds));
  if (status === 429 || status === 503) instruments().refused.add(1, { status, route: 'directline' });
  res.send(status, { error: { code, message } });
}

/**
 * The built-in Direct Line 3.0 channel behind the web chat page: tokens, conversations, posted
 * activities, polling with watermarks and token refresh (the WebSocket stream is in
 * directline-stream.ts). The unmodified botframework-directlinejs client, and so Web Chat, talk
 * to it as they would to Azure's Direct Line; the same bot answers through DirectLineAdapter.
 */
export class WebChatChannel {
  readonly conversations: ConversationStore;
  readonly tokens: TokenService;
  readonly adapter: DirectLineAdapter;
  readonly address: AddressOptions;
  private readonly perIp: RateLimiter;
  private readonly perConversation: RateLimiter;
  private readonly newConversations: RateLimiter;
  private readonly sweeper: NodeJS.Timeout;
  private readonly purger?: NodeJS.Timeout;

  constructor(private readonly deps: WebChatChannelDeps) {
    const { config } = deps;
    const now = deps.now ?? (() => new Date());
    const nowMs = () => now().getTime();
    this.address = addressOptions(config);
    this.tokens = new TokenService(config.WEBCHAT_TOKEN_SECRET, config.WEBCHAT_TOKEN_MINUTES * 60, now);
    this.perIp = new RateLimiter(config.WEBCHAT_IP_REQUESTS_PER_MINUTE, nowMs);
    this.perConversation = new RateLimiter(config.WEBCHAT_MESSAGES_PER_MINUTE, nowMs);
    this.newConversations = new RateLimiter(config.WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE, nowMs);
    const shared = sharedTranscripts(config);
    this.conversations = new ConversationStore({
      maxConversations: config.WEBCHAT_MAX_CONVERSATIONS,
      // Shared: only this instance's cache of the conversation is forgotten; the purge deletes it everywhere.
      idleMs: (shared ? Math.min(config.WEBCHAT_IDLE_MINUTES, 5) : config.WEBCHAT_IDLE_MINUTES) * 60_000,
      now: nowMs,
      // Numbers from the real clock, never a test's or a skewed one: they must grow across restarts.
      numbering: () => numberingBase(),
      onForget: (c) => this.forgetState(c),
      shared: shared
        ? {
            pollMs: config.WEBCHAT_POLL_MS,
            transcript: (conversationId, userId, locale) =>
              new SharedTranscript(deps.storage, { conversationId, userId, locale, maxActivities: 200, numbering: () => numberingBase() }),
          }
        : undefined,
      onPollError: (err) => deps.logger.error({ err }, 'web chat: reading shared transcripts failed'),
    });
    observeOpenConversations(() => this.conversations.size);
    this.adapter = new DirectLineAdapter(this.conversations);
    deps.runtime.configure(this.adapter);
    this.sweeper = setInterval(() => this.conversations.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
    const { storage } = deps;
    if (shared && storage.keysOlderThan) {
      const aged = {
        read: (k: string[]) => storage.read(k),
        delete: (k: string[]) => storage.delete(k),
        write: (c: Record<string, Record<string, unknown>>) => storage.write(c),
        keysOlderThan: storage.keysOlderThan.bind(storage),
      };
      this.purger = setInterval(() => {
        purgeIdleTranscripts(aged, new Date(nowMs() - config.WEBCHAT_IDLE_MINUTES * 60_000), DIRECT_LINE_CHANNEL).then(
          (purged) => purged > 0 && deps.logger.info({ conversations: purged }, 'idle web chat transcripts deleted'),
          (err: unknown) => deps.logger.error({ err }, 'deleting idle web chat transcripts failed'),
        );
      }, PURGE_EVERY_MS);
      this.purger.unref();
    }
  }

  /** Per-IP limit shared by every web chat endpoint; false when the request was refused. */
  admit(req: Request | import('node:http').IncomingMessage): { ok: true } | { ok: false; retryAfterSeconds: number } {
    return this.perIp.take(clientIp(req, this.address));
  }

  /** A new conversation for this client (a token for one): at most WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE per address. */
  admitNewConversation(req: Request): { ok: true } | { ok: false; retryAfterSeconds: number } {
    return this.newConversations.take(clientIp(req, this.address));
  }

  /** Another stream on a conversation, while it has fewer than WEBCHAT_STREAMS_PER_CONVERSATION open. */
  streamsAllowed(conversationId: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const open = this.conversations.get(conversationId)?.streams ?? 0;
    return open < this.deps.config.WEBCHAT_STREAMS_PER_CONVERSATION ? { ok: true } : { ok: false, retryAfterSeconds: 30 };
  }

  /** Checks the bearer token and that it is for `conversationId` (when given); answers 401/403 itself. */
  authorize(req: Request, res: Response, conversationId?: string): TokenGrant | undefined {
    const check = this.tokens.check(req.header('authorization'));
    if (!check.ok) {
      const message =
        check.reason === 'expired' ? 'the token has expired' : check.reason === 'missing' ? 'a bearer token is required' : 'the token is not valid';
      sendDirectLineError(res, 401, check.reason === 'expired' ? 'TokenExpired' : 'Unauthorized', message);
      return undefined;
    }
    if (conversationId !== undefined && conversationId !== check.grant.conversationId) {
      sendDirectLineError(res, 403, 'Forbidden', 'the token is not valid for this conversation');
      return undefined;
    }
    return check.grant;
  }

  /** A token for a new conversation of the built-in channel (POST /api/webchat/token). */
  issueToken(locale: string | undefined): { token: string; conversationId: string; expires_in: number } {
    const { token, grant } = this.tokens.issue({ conversationId: randomId(''), userId: randomId('dl_'), locale });
    return { token, conversationId: grant.conversationId, expires_in: this.tokens.expiresIn(grant) };
  }

  domainFor(req: Request): string {
    return `${publicOrigin(req, this.address)}/v3/directline`;
  }

  streamUrlFor(req: Request, grant: TokenGrant, token: string, watermark?: string): string {
    const origin = publicOrigin(req, this.address).replace(/^http/, 'ws');
    const query = new URLSearchParams({ t: token, ...(watermark ? { watermark } : {}) });
    return `${origin}/v3/directline/conversations/${encodeURIComponent(grant.conversationId)}/stream?${query.toString()}`;
  }

  register(server: Server): void {
    const { logger } = this.deps;
    const limitIp = (req: Request, res: Response, next: restify.Next) => {
      const admitted = this.admit(req);
      if (admitted.ok) return next();
      sendDirectLineError(res, 429, 'TooManyRequests', 'too many requests from this address', admitted.retryAfterSeconds);
      next(false);
    };
    const bearer = (req: Request) =>
      req
        .header('authorization')
        ?.replace(/^Bearer\s+/i, '')
        .trim() ?? '';

    // Start (or resume) the conversation the token is for.
    server.post(
      '/v3/directline/conversations',
      limitIp,
      asyncHandler(logger, async (req, res) => {
        const grant = this.authorize(req, res);
        if (!grant) return;
        const conversation = this.open(res, grant);
        if (!conversation) return;
        const isNew = await this.stored(res, () => conversation.start());
        if (isNew === undefined) return;
        res.send(isNew ? 201 : 200, this.conversationBody(req, grant, bearer(req)));
        if (isNew) {
          void this.runTurn(conversation, this.membersAdded(conversation)).catch((err: unknown) => logger.error({ err }, 'web chat welcome failed'));
        }
      }),
    );

    // Reconnect: a fresh stream URL from a watermark.
    server.get(
      '/v3/directline/conversations/:id',
      limitIp,
      asyncHandler(logger, async (req, res) => {
        const grant = this.authorize(req, res, routeParam(req, 'id') ?? '');
        if (!grant || !this.open(res, grant)) return;
        res.send(200, this.conversationBody(req, grant, bearer(req), queryValue(req, 'watermark')));
      }),
    );

    server.get(
      '/v3/directline/conversations/:id/activities',
      limitIp,
      asyncHandler(logger, async (req, res) => {
        const grant = this.authorize(req, res, routeParam(req, 'id') ?? '');
        const conversation = grant && this.open(res, grant);
        if (!conversation) return;
        const group = await this.stored(res, () => conversation.since(queryValue(req, 'watermark')));
        if (group) res.send(200, group);
      }),
    );

    server.post(
      '/v3/directline/conversations/:id/activities',
      limitIp,
      restify.plugins.bodyReader({ maxBodySize: MAX_ACTIVITY_BYTES }),
      asyncHandler(logger, async (req, res) => this.post(req, res)),
    );

    server.post(
      '/v3/directline/tokens/refresh',
      limitIp,
      asyncHandler(logger, async (req, res) => {
        const grant = this.authorize(req, res);
        if (!grant) return;
        const { token, grant: renewed } = this.tokens.issue(grant);
        res.send(200, { conversationId: renewed.conversationId, token, expires_in: this.tokens.expiresIn(renewed) });
      }),
    );
  }

  close(): void {
    clearInterval(this.sweeper);
    if (this.purger) clearInterval(this.purger);
    this.conversations.close();
  }

  private async post(req: Request, res: Response): Promise<void> {
    const grant = this.authorize(req, res, routeParam(req, 'id') ?? '');
    if (!grant) return;
    const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return sendDirectLineError(res, 415, 'UnsupportedMediaType', 'the body must be JSON (Content-Type: application/json)');
    let body: unknown;
    try {
      body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : String(req.body ?? ''));
    } catch {
      return sendDirectLineError(res, 400, 'BadArgument', 'the body is not valid JSON');
    }
    const checked = checkPostedActivity(body);
    if (!checked.ok) return sendDirectLineError(res, 400, 'BadArgument', checked.message);
    const conversation = this.open(res, grant);
    if (!conversation) return;
    const key = `${DIRECT_LINE_CHANNEL}|${conversation.id}`;
    const limited = this.perConversation.take(conversation.id);
    if (!limited.ok) return sendDirectLineError(res, 429, 'TooManyRequests', 'too many messages in this conversation', limited.retryAfterSeconds);
    if (this.deps.runtime.turns.isFull(key)) return sendDirectLineError(res, 429, 'TooManyRequests', 'too many messages waiting in this conversation', 1);
    // Stored (and echoed to the streams, with its clientActivityID) before the turn runs: Web Chat
    // marks a message sent when it sees it come back. Not stored (the shared storage is down): 503,
    // and Web Chat offers to send it again; nothing is accepted that is not kept.
    const stored = await this.stored(res, () =>
      conversation.append({
        ...checked.activity,
        locale: checked.activity.locale ?? conversation.locale,
        channelId: DIRECT_LINE_CHANNEL,
        serviceUrl: publicOrigin(req, this.address),
        conversation: { id: conversation.id } as Activity['conversation'],
        from: { id: grant.userId, name: '', role: 'user' },
        recipient: { ...DIRECT_LINE_BOT },
        timestamp: new Date(),
      }),
    );
    if (!stored) return;
    // The turn gets its own copy: middleware rewrites text and locale, and the stored echo must stay as sent.
    const turn = checked.activity.type === 'typing' ? Promise.resolve() : this.runTurn(conversation, structuredClone(stored));
    await turn;
    res.send(200, { id: stored.id });
  }

  private runTurn(conversation: Conversation, activity: Partial<Activity>): Promise<void> {
    const { runtime } = this.deps;
    return runtime.turns.run(`${DIRECT_LINE_CHANNEL}|${conversation.id}`, () => this.adapter.processActivity(activity, runtime.logic));
  }

  /** A transcript call; when the shared storage fails, 503 with Retry-After (answered here) and undefined. */
  private async stored<T>(res: Response, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      this.deps.logger.error({ err }, 'web chat transcript unavailable');
      sendDirectLineError(res, 503, 'ServiceUnavailable', 'the conversation cannot be read or saved right now, try again in a few seconds', 5);
      return undefined;
    }
  }

  private open(res: Response, grant: TokenGrant): Conversation | undefined {
    try {
      return this.conversations.open(grant.conversationId, grant.userId, grant.locale);
    } catch (e) {
      if (!(e instanceof CapacityError)) throw e;
      this.deps.logger.warn({ conversations: this.conversations.size }, 'web chat at capacity');
      sendDirectLineError(res, 503, 'ServiceUnavailable', 'too many conversations in progress, try again in a minute', 60);
      return undefined;
    }
  }

  private conversationBody(req: Request, grant: TokenGrant, token: string, watermark?: string) {
    return {
      conversationId: grant.conversationId,
      token,
      expires_in: this.tokens.expiresIn(grant),
      streamUrl: this.streamUrlFor(req, grant, token, watermark),
    };
  }

  /** The conversation update that welcomes the user, in the page's language. */
  private membersAdded(conversation: Conversation): Partial<Activity> {
    return {
      type: 'conversationUpdate',
      id: `${conversation.id}|start`,
      channelId: DIRECT_LINE_CHANNEL,
      conversation: { id: conversation.id } as Activity['conversation'],
      from: { id: conversation.userId, name: '', role: 'user' },
      recipient: { ...DIRECT_LINE_BOT },
      membersAdded: [{ id: conversation.userId, name: '' }],
      locale: conversation.locale,
      timestamp: new Date(),
    };
  }

  /** A forgotten web chat conversation takes its bot state with it: nothing about the person stays. */
  private forgetState(conversation: Conversation): void {
    const keys = [`${DIRECT_LINE_CHANNEL}/conversations/${conversation.id}/`, `${DIRECT_LINE_CHANNEL}/users/${conversation.userId}/`];
    this.deps.storage.delete(keys).then(
      () => this.deps.logger.debug({ conversation: shortHash(conversation.id) }, 'web chat conversation forgotten'),
      (err: unknown) => this.deps.logger.error({ err }, 'forgetting a web chat conversation failed'),
    );
  }
}

/** Whether the built-in channel keeps its transcripts in the shared storage: WEBCHAT_TRANSCRIPTS, by default with STORAGE=blob. */
export function sharedTranscripts(config: Config): boolean {
  return (config.WEBCHAT_TRANSCRIPTS ?? (config.STORAGE === 'blob' ? 'storage' : 'memory')) === 'storage';
}
