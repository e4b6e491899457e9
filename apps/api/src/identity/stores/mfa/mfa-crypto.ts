import { createHash, randomBytes } from 'node:crypto';

const RECOVERY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 base32, lower case

/** A recovery code: 8 base32 characters (40 bits) shown as `xxxx-xxxx`. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((byte) => RECOVERY_ALPHABET[byte & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** The canonical form of a typed recovery code (case, spaces and dashes do not matter). */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code), 'utf8').digest('hex');
}
