import type { IncomingMessage } from 'node:http';

/**
 * Where a request comes from and the address it was sent to. Behind a reverse proxy
 * (TRUST_PROXY=true) both come from X-Forwarded-*; otherwise those headers are ignored, since
 * any client could forge them to dodge a rate limit.
 */
export interface AddressOptions {
  trustProxy: boolean;
  publicUrl?: string;
}

const firstValue = (header: string | string[] | undefined): string | undefined => {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
};

export function clientIp(req: IncomingMessage, options: AddressOptions): string {
  const forwarded = options.trustProxy ? firstValue(req.headers['x-forwarded-for']) : undefined;
  return forwarded ?? req.socket.remoteAddress ?? 'unknown';
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
