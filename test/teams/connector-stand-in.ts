import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The activity replied to (POST), or the one updated (PUT). */
  activityId?: string;
  activity: {
    type: string;
    id?: string;
    text?: string;
    locale?: string;
    attachments?: { contentType: string; content: { body?: unknown[]; actions?: unknown[] } }[];
    suggestedActions?: { actions: { title: string }[] };
  };
}

/**
 * A local stand-in for the Bot Connector service Teams' replies go to (`serviceUrl`): it records
 * what the bot sends (new messages and in-place updates) and answers with ids, as the real one does.
 */
export class ConnectorStandIn {
  readonly recorded: Recorded[] = [];
  private server?: Server;
  private next = 1;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res as never));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** What was recorded since `mark` (a length of `recorded` taken before a turn). */
  since(mark: number): Recorded[] {
    return this.recorded.slice(mark);
  }

  private handle(req: IncomingMessage, res: { writeHead(status: number, headers?: Record<string, string>): void; end(body?: string): void }): void {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
      if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
        res.writeHead(404);
        res.end();
        return;
      }
      const activity = JSON.parse(body) as Recorded['activity'];
      const id = req.method === 'PUT' ? decodeURIComponent(match[2]!) : `msg-${this.next++}`;
      this.recorded.push({ method: req.method, conversationId: decodeURIComponent(match[1]!), activityId: match[2] && decodeURIComponent(match[2]), activity });
      // restify (loaded in this process) patches writeHead so that it no longer returns the response.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id }));
    });
  }
}
