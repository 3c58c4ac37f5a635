import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A load balancer with no affinity, as an operator puts in front of several instances: each
 * request and each WebSocket upgrade goes to the next instance in turn; an instance that refuses
 * the connection (stopped) is skipped, as a balancer's health probe would. The Host header is
 * passed on unchanged, so the instances build URLs for the balancer's address.
 */
export class RoundRobinProxy {
  private server?: Server;
  private turn = 0;
  private readonly sockets = new Set<Socket | Duplex>();
  /** How many requests (and upgrades) each backend received, by URL. */
  readonly served = new Map<string, number>();
  url = '';

  constructor(public backends: string[]) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const body: Buffer[] = [];
      req.on('data', (c: Buffer) => body.push(c));
      req.on('end', () => this.forward(req, Buffer.concat(body), res, this.backends.length));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.tunnel(req, socket, head, this.backends.length));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private next(): URL {
    const backend = this.backends[this.turn++ % this.backends.length]!;
    this.served.set(backend, (this.served.get(backend) ?? 0) + 1);
    return new URL(backend);
  }

  private forward(req: IncomingMessage, body: Buffer, res: import('node:http').ServerResponse, tries: number): void {
    const target = this.next();
    const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && tries > 1) return this.forward(req, body, res, tries - 1);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    out.end(body);
  }

  private tunnel(req: IncomingMessage, client: Duplex, head: Buffer, tries: number): void {
    const target = this.next();
    const upstream = connect(Number(target.port), target.hostname);
    upstream.once('connect', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`), '', ''];
      upstream.write(lines.join('\r\n'));
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
      // Tied together only once connected: a refused attempt must not close the client.
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
    });
    upstream.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && tries > 1) return this.tunnel(req, client, head, tries - 1);
      client.destroy();
    });
  }
}
