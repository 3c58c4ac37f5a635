import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface AdminTokenHash {
  name: string;
  /** SHA-256 of the token, hex. */
  hash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Who a bearer token belongs to, if anyone. Only hashes are configured, so a leaked setting does
 * not leak a token. The presented token is hashed once and compared with every configured hash
 * in constant time, without stopping at the first match: timing says nothing about which or how
 * many characters matched.
 */
export function adminFor(authorization: string | undefined, tokens: readonly AdminTokenHash[]): string | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  const presented = sha256(token);
  let found: string | undefined;
  for (const t of tokens) {
    if (timingSafeEqual(presented, Buffer.from(t.hash, 'hex')) && found === undefined) found = t.name;
  }
  return found;
}

/** A new random token and the ADMIN_TOKEN_HASHES entry for it. */
export function newAdminToken(name: string): { token: string; entry: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, entry: `${name}:${sha256(token).toString('hex')}` };
}
