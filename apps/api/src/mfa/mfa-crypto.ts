import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts TOTP secrets at rest with AES-256-GCM. The key is the SHA-256 of MFA_ENCRYPTION_KEY,
 * each value gets a random 12-byte IV, and the user id is authenticated data, so a ciphertext
 * copied onto another user's row does not decrypt. Stored as `v1:<iv>:<tag>:<ciphertext>`
 * (base64), the version leaving room for a key rotation.
 */
export class MfaSecretCipher {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    this.key = createHash('sha256').update(keyMaterial, 'utf8').digest();
  }

  encrypt(secret: string, userId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(userId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext].map((part) => part.toString('base64')).join(':');
  }

  /** The secret, or undefined when the value is malformed or was not encrypted for this user and key. */
  decrypt(stored: string, userId: string): string | undefined {
    const [version, iv, tag, ciphertext] = stored.split(':');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(userId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

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
