import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a web chat token grants: one user, in one conversation, until `expiresAt`. */
export interface TokenGrant {
  conversationId: string;
  userId: string;
  /** The page's language (`fr`, `en`), so the welcome speaks it before the user has typed. */
  locale?: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; grant: TokenGrant } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

const b64 = (buf: Buffer) => buf.toString('base64url');

/**
 * Signed, self-contained tokens (payload.signature, HMAC-SHA256): nothing to store, and any
 * instance that shares the key can check them. The user id lives in the token, so a client can
 * never speak as someone else.
 */
export class TokenService {
  private readonly key: Buffer;

  constructor(
    secret: string | undefined,
    readonly lifetimeSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  issue(grant: Omit<TokenGrant, 'expiresAt'>): { token: string; grant: TokenGrant } {
    const full: TokenGrant = { ...grant, expiresAt: Math.floor(this.now().getTime() / 1000) + this.lifetimeSeconds };
    const payload = b64(Buffer.from(JSON.stringify([full.conversationId, full.userId, full.locale ?? '', full.expiresAt])));
    return { token: `${payload}.${this.sign(payload)}`, grant: full };
  }

  /** Checks an `Authorization: Bearer …` header value or a bare token. */
  check(value: string | undefined): TokenCheck {
    const token = value?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return { ok: false, reason: 'missing' };
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    let fields: unknown;
    try {
      fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (!Array.isArray(fields) || fields.length !== 4) return { ok: false, reason: 'invalid' };
    const [conversationId, userId, locale, expiresAt] = fields as [unknown, unknown, unknown, unknown];
    if (typeof conversationId !== 'string' || typeof userId !== 'string' || typeof locale !== 'string' || typeof expiresAt !== 'number') {
      return { ok: false, reason: 'invalid' };
    }
    if (expiresAt * 1000 <= this.now().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, grant: { conversationId, userId, locale: locale || undefined, expiresAt } };
  }

  /** Seconds left before the grant expires (what Direct Line calls `expires_in`). */
  expiresIn(grant: TokenGrant): number {
    return Math.max(0, grant.expiresAt - Math.floor(this.now().getTime() / 1000));
  }

  private sign(payload: string): string {
    return b64(createHmac('sha256', this.key).update(payload).digest());
  }
}

/** Random ids that cannot be guessed: conversations and users of the public page. */
export const randomId = (prefix: string) => `${prefix}${randomBytes(16).toString('base64url')}`;
