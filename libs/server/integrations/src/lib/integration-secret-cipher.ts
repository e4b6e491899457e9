import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

import { APP_CONFIG, type AppConfig } from '@poscalls4u/server-config';
import { SecretBox } from '@poscalls4u/server-crypto';

/** A new shared secret: 32 random bytes as 64 hex characters (the HMAC key is this string). */
export function newIntegrationSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Encrypts integration secrets at rest like TOTP secrets (one key to manage and rotate:
 * MFA_ENCRYPTION_KEY), with the integration id as authenticated data, so a ciphertext copied
 * onto another integration's row does not decrypt. The HMAC secret has to be recoverable (we sign
 * outgoing webhooks with it), so it is encrypted rather than hashed.
 */
@Injectable()
export class IntegrationSecretCipher extends SecretBox {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.auth.mfaEncryptionKey);
  }
}
