import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';

/**
 * Where a request comes from and the address it was sent to. Behind a reverse proxy
 * (TRUST_PROXY=true) both come from X-Forwarded-*; otherwise those headers are ignored, since
 * any client could forge them to dodge a rate limit.
 */
export interface AddressOptions {
  trustProxy: boolean;
  /** With trustProxy: how many proxies of ours are in front (the client is that many X-Forwarded-For entries from the right). */
  trustProxyHops?: number;
  publicUrl?: string;
}

/** The address settings: TRUST_PROXY, TRUST_PROXY_HOPS and PUBLIC_URL. */
export const addressOptions = (config: Pick<Config, 'TRUST_PROXY' | 'TRUST_PROXY_HOPS' | 'PUBLIC_URL'>): AddressOptions => ({
  trustProxy: config.TRUST_PROXY,
  trustProxyHops: config.TRUST_PROXY_HOPS,
  publicUrl: config.PUBLIC_URL,
});

const firstValue = (header: string | string[] | undefined): string | undefined => {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
};

/**
 * The client's address. Behind our proxies, each one appends the address it received the request
 * from to X-Forwarded-For; anything left of what our `hops` proxies wrote came from the client
 * itself and could be anything (a rotating value would dodge every per-address limit). So the
 * address is the entry `hops` places from the right, or the socket's peer when the list is shorter.
 */
export function clientIp(req: IncomingMessage, options: AddressOptions): string {
  if (options.trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const hops = options.trustProxyHops ?? 1;
    const client = entries[entries.length - hops];
    if (client) return client;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** `https://host` as the client sees this server: PUBLIC_URL when set, else the request's Host. */
export function publicOrigin(req: IncomingMessage, options: AddressOptions): string {
  if (options.publicUrl) return options.publicUrl;
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const proto = (options.trustProxy ? firstValue(req.headers['x-forwarded-proto']) : undefined) ?? (encrypted ? 'https' : 'http');
  const given = (options.trustProxy ? firstValue(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host;
  // The host ends up in URLs handed back to the client: anything but a plain host[:port] is ignored.
  const host = given && /^[\w.-]+(:\d+)?$|^\[[\da-fA-F:.]+\](:\d+)?$/.test(given) ? given : 'localhost';
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}
