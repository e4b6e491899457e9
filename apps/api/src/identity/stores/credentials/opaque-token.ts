import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe: unguessable, and only its hash is stored. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 is enough for high-entropy random tokens (no dictionary to guess from). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
