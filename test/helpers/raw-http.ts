import { connect } from 'node:net';

export interface RawAnswer {
  /** The status of the first response line, when the server answered one. */
  status?: number;
  /** The socket was closed (by either side) before `timeoutMs`. */
  closed: boolean;
  head: string;
}

/**
 * Writes `text` as is on a new socket to 127.0.0.1:`port` (request lines fetch() would never
 * send: absolute-form targets, broken hosts, bad percent-encoding, upgrades) and reads the answer.
 */
export function rawRequest(port: number, text: string | Buffer, timeoutMs = 3000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    let settled = false;
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const head = data.split('\r\n\r\n')[0] ?? '';
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      resolve({ status: status ? Number(status) : undefined, closed, head });
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('end', () => done(true));
    socket.on('close', () => done(true));
    socket.on('error', () => done(true));
    socket.write(text);
  });
}

export const upgradeRequest = (target: string, host = 'localhost') =>
  `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;
