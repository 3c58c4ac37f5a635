import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../log/logger';
import { readableTarget } from '../server/http-server';
import type { WebChatChannel } from './web-chat-channel';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
/** Pings keep proxies from closing a quiet stream and reveal dead clients. */
const PING_EVERY_MS = 30_000;

function refuse(socket: Duplex, status: number, reason: string, retryAfter?: number): void {
  const extra = retryAfter ? `Retry-After: ${retryAfter}\r\n` : '';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n${extra}\r\n`);
}

/**
 * Direct Line's WebSocket stream (`streamUrl`): each activity of the conversation is pushed as
 * `{"activities": [...], "watermark"}` as soon as it is stored, so replies arrive without
 * polling. The token travels in the `t` query parameter, as with Azure's stream URLs. Messages
 * from the client are ignored (directlinejs sends empty ones to keep the socket alive).
 */
export function attachDirectLineStream(httpServer: HttpServer, channel: WebChatChannel, logger: Logger): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // An unreadable target or percent-encoding: 400, never an exception (it would end the process).
    const url = readableTarget(req.url);
    if (!url) return refuse(socket, 400, 'Bad Request');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, 'Not Found');
    const admitted = channel.admit(req);
    if (!admitted.ok) return refuse(socket, 429, 'Too Many Requests', admitted.retryAfterSeconds);
    const check = channel.tokens.check(url.searchParams.get('t') ?? undefined);
    if (!check.ok) return refuse(socket, 401, 'Unauthorized');
    if (decodeURIComponent(match[1]!) !== check.grant.conversationId) return refuse(socket, 403, 'Forbidden');
    const limit = channel.streamsAllowed(check.grant.conversationId);
    if (!limit.ok) return refuse(socket, 429, 'Too Many Requests', limit.retryAfterSeconds);
    let conversation;
    try {
      conversation = channel.conversations.open(check.grant.conversationId, check.grant.userId, check.grant.locale);
    } catch {
      return refuse(socket, 503, 'Service Unavailable', 60);
    }
    const open = conversation;
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const send = (group: unknown) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(group));
      };
      const unsubscribe = open.subscribe(send);
      open.since(url.searchParams.get('watermark') ?? undefined).then(
        (backlog) => backlog.activities.length > 0 && send(backlog),
        // The shared storage is down: the poll sends what is new once it is back.
        (err: unknown) => logger.error({ err }, 'web chat stream: reading the transcript failed'),
      );
      let alive = true;
      ws.on('pong', () => (alive = true));
      const ping = setInterval(() => {
        if (!alive) return ws.terminate();
        alive = false;
        ws.ping();
      }, PING_EVERY_MS);
      ws.on('close', () => {
        clearInterval(ping);
        unsubscribe();
        channel.conversations.touch(open);
      });
      ws.on('error', (err) => logger.debug({ err }, 'web chat stream error'));
    });
  };

  httpServer.on('upgrade', onUpgrade);
  return async () => {
    httpServer.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}
