import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';
import { adminFor } from '../server/admin-tokens';
import { publicOrigin, type AddressOptions } from '../server/client-address';

/** Who is calling the admin API or console, and how they proved it. */
export interface AdminCaller {
  who: string;
  /** `bearer`: an API client with a token (no cookie, so no CSRF risk); the others are browsers. */
  via: 'bearer' | 'session' | 'appservice';
  /** What a browser must send back in `X-CSRF-Token` on every change. */
  csrf?: string;
}

export const SESSION_COOKIE = 'passerelle_admin';
/** A console session lasts a working day. */
const SESSION_SECONDS = 8 * 3600;
const b64 = (buf: Buffer) => buf.toString('base64url');

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
};

/**
 * Admin sign-in. `ADMIN_AUTH=token` (default): API clients send `Authorization: Bearer TOKEN`;
 * the console exchanges the same token once for a signed session cookie (HttpOnly,
 * SameSite=Strict, Secure behind TLS). `ADMIN_AUTH=appservice`: Azure App Service Authentication
 * (Entra ID) signs people in and passes `X-MS-CLIENT-PRINCIPAL-ID`/`-NAME`; only object ids in
 * ADMIN_AAD_OBJECT_IDS are admins. Those headers are trusted only with that option: otherwise
 * anyone could send them. Browsers (session or App Service) must echo a CSRF token on changes.
 */
export class AdminAuth {
  private readonly key: Buffer;

  constructor(
    private readonly config: Pick<Config, 'ADMIN_AUTH' | 'ADMIN_TOKEN_HASHES' | 'ADMIN_AAD_OBJECT_IDS' | 'ADMIN_SESSION_SECRET'>,
    private readonly address: AddressOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.key = config.ADMIN_SESSION_SECRET ? Buffer.from(config.ADMIN_SESSION_SECRET, 'utf8') : randomBytes(32);
  }

  /** True when someone can sign in at all (tokens listed, or App Service with admins listed). */
  get enabled(): boolean {
    return this.config.ADMIN_AUTH === 'appservice' ? this.config.ADMIN_AAD_OBJECT_IDS.length > 0 : this.config.ADMIN_TOKEN_HASHES.length > 0;
  }

  get mode(): 'token' | 'appservice' {
    return this.config.ADMIN_AUTH;
  }

  /** The caller of a request, or undefined. */
  identify(req: IncomingMessage): AdminCaller | undefined {
    if (this.config.ADMIN_AUTH === 'appservice') {
      const id = header(req, 'x-ms-client-principal-id')?.toLowerCase();
      if (!id || !this.config.ADMIN_AAD_OBJECT_IDS.includes(id)) return undefined;
      const who = header(req, 'x-ms-client-principal-name') ?? id;
      return { who, via: 'appservice', csrf: this.sign(`csrf|appservice|${id}`) };
    }
    const who = adminFor(header(req, 'authorization'), this.config.ADMIN_TOKEN_HASHES);
    if (who) return { who, via: 'bearer' };
    const session = this.readSession(cookieValue(req, SESSION_COOKIE));
    return session && { who: session.who, via: 'session', csrf: this.sign(`csrf|${session.nonce}`) };
  }

  /** A change from a browser carries the session's CSRF token; bearer calls need none. */
  csrfOk(req: IncomingMessage, caller: AdminCaller): boolean {
    if (caller.via === 'bearer') return true;
    const given = Buffer.from(header(req, 'x-csrf-token') ?? '');
    const expected = Buffer.from(caller.csrf ?? '');
    return given.length === expected.length && expected.length > 0 && timingSafeEqual(given, expected);
  }

  /** The Set-Cookie value of a new session for the admin `token` names, or undefined for a wrong token. */
  signIn(token: string, req: IncomingMessage): string | undefined {
    const who = adminFor(`Bearer ${token.trim()}`, this.config.ADMIN_TOKEN_HASHES);
    if (!who) return undefined;
    const payload = b64(Buffer.from(JSON.stringify([who, Math.floor(this.now() / 1000) + SESSION_SECONDS, b64(randomBytes(12))])));
    return this.cookie(req, `${payload}.${this.sign(payload)}`, SESSION_SECONDS);
  }

  /** The Set-Cookie value that ends the session. */
  signOut(req: IncomingMessage): string {
    return this.cookie(req, '', 0);
  }

  private cookie(req: IncomingMessage, value: string, maxAge: number): string {
    const secure = publicOrigin(req, this.address).startsWith('https:') ? '; Secure' : '';
    return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
  }

  private readSession(value: string | undefined): { who: string; nonce: string } | undefined {
    const [payload, signature, extra] = (value ?? '').split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const [who, expires, nonce] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
      if (typeof who !== 'string' || typeof expires !== 'number' || typeof nonce !== 'string' || expires * 1000 <= this.now()) return undefined;
      // A token removed from ADMIN_TOKEN_HASHES ends its sessions too.
      if (!this.config.ADMIN_TOKEN_HASHES.some((t) => t.name === who)) return undefined;
      return { who, nonce };
    } catch {
      return undefined;
    }
  }

  private sign(text: string): string {
    return b64(createHmac('sha256', this.key).update(text).digest());
  }
}
