import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: a link's secret cannot be guessed, only copied. */
export function newWallboardSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored of a secret: its SHA-256, as identity stores its invitation and reset tokens.
 * A random 256-bit secret needs no slow hash: nothing about it can be guessed from a dictionary.
 */
export function hashWallboardSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
