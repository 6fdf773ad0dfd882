import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const newId = (): string => randomUUID();

/** `mh` owner (the first round's household token), `ma` app, `mm` mirror display, `md` device, `ml` voice link, `mc` an erase confirmation, `mu` a short-lived URL token. */
export type TokenPrefix = 'mh' | 'ma' | 'mm' | 'md' | 'ml' | 'mc' | 'mu';

/** Opaque bearer token; the prefix tells a reader (and a secret scanner) what it is. */
export function newToken(prefix: TokenPrefix): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * Tokens are stored only as this hash: a leaked database does not leak working tokens.
 * One-shot `crypto.hash` (Node 20.12+): every authenticated request hashes its token, and the
 * Hash object of `createHash` cost more than the digest itself.
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
