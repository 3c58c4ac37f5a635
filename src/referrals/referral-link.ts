import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyValueStore } from '../storage/key-value-store';

/**
 * An organization's link to one referral: a capability, no account needed. The token names the
 * referral, the organization and a nonce, with an expiry, signed with HMAC-SHA256. The server
 * also checks that the nonce is still the referral's (a withdrawal or a new link revokes it) and
 * that the organization is still the one it was sent to.
 */
export interface LinkClaims {
  referralId: string;
  organizationId: string;
  nonce: string;
  /** Epoch seconds. */
  expires: number;
}

export type LinkRefusal = 'Malformed' | 'BadSignature' | 'Expired';

const b64 = (b: Buffer) => b.toString('base64url');

export const newNonce = (): string => b64(randomBytes(12));

export class LinkSigner {
  constructor(private readonly key: Buffer) {}

  sign(c: LinkClaims): string {
    const body = [c.referralId, c.organizationId, c.nonce, String(c.expires)].join('.');
    return `${body}.${this.mac(body)}`;
  }

  /** The claims of a genuine, unexpired token, or why not. */
  verify(token: string, now: Date): LinkClaims | { refused: LinkRefusal } {
    const parts = token.split('.');
    if (parts.length !== 5 || parts.some((p) => !/^[A-Za-z0-9_-]{1,80}$/.test(p))) return { refused: 'Malformed' };
    const [referralId, organizationId, nonce, expires, mac] = parts as [string, string, string, string, string];
    const expected = Buffer.from(this.mac(parts.slice(0, 4).join('.')));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { refused: 'BadSignature' };
    if (!/^\d+$/.test(expires) || Number(expires) * 1000 <= now.getTime()) return { refused: 'Expired' };
    return { referralId, organizationId, nonce, expires: Number(expires) };
  }

  private mac(body: string): string {
    return b64(createHmac('sha256', this.key).update(body).digest());
  }
}

const KEY_ITEM = 'referrals/link-key';

/**
 * The signing key: REFERRAL_LINK_SECRET when set, else one random key made once and kept in the
 * storage, so links survive restarts and work on every instance. Two instances starting at once
 * both try to create it; the store keeps the first (an empty eTag only creates), both use it.
 */
export async function linkKey(store: KeyValueStore, secret: string | undefined): Promise<Buffer> {
  if (secret) return Buffer.from(secret, 'utf8');
  for (let attempt = 0; attempt < 5; attempt++) {
    const item = (await store.read([KEY_ITEM]))[KEY_ITEM];
    if (typeof item?.key === 'string') return Buffer.from(item.key, 'base64url');
    try {
      await store.write({ [KEY_ITEM]: { key: b64(randomBytes(32)), eTag: '' } });
    } catch {
      // Another instance made it first: read theirs.
    }
  }
  throw new Error('the referral link key could not be kept in the storage');
}
