import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import { APP_CONFIG, type AppConfig } from '@poscalls4u/server-config';

const VERSION = 'v1';

/** A new shared secret: 32 random bytes as 64 hex characters (the HMAC key is this string). */
export function newIntegrationSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Encrypts integration secrets at rest, as the MFA cipher does TOTP secrets: AES-256-GCM with
 * the SHA-256 of MFA_ENCRYPTION_KEY as key (one key to manage and rotate), a random 12-byte IV
 * per value, and the integration id as authenticated data, so a ciphertext copied onto another
 * integration's row does not decrypt. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64).
 * The HMAC secret has to be recoverable (we sign outgoing webhooks with it), so it is encrypted
 * rather than hashed.
 */
@Injectable()
export class IntegrationSecretCipher {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = createHash('sha256').update(config.auth.mfaEncryptionKey, 'utf8').digest();
  }

  encrypt(secret: string, integrationId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(integrationId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext].map((part) => part.toString('base64')).join(':');
  }

  /** The secret, or undefined when the value is malformed or not encrypted for this id and key. */
  decrypt(stored: string, integrationId: string): string | undefined {
    const [version, iv, tag, ciphertext] = stored.split(':');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(integrationId, 'utf8'));
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
