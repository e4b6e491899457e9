import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { createHmac } from 'node:crypto';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

/**
 * bcrypt reads only the first 72 bytes of its input, so two long passwords sharing those
 * bytes would be equal. Every password is first reduced to a fixed-length digest
 * (base64 of HMAC-SHA-256, 44 bytes) so that all of it counts. The HMAC key is a fixed
 * label, not a secret: rotating a server secret must not invalidate stored passwords.
 */
const PREHASH_KEY = 'poscalls4u/password/v1';

@Injectable()
export class PasswordService implements OnModuleInit {
  /** A hash to compare against when the account does not exist, so a miss costs as much as a hit. */
  private dummyHash?: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Hashes the dummy at start-up, so that the first miss does not take twice as long as a hit. */
  async onModuleInit(): Promise<void> {
    this.dummyHash ??= this.hash('not-a-real-password-just-for-timing');
    await this.dummyHash;
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(prehash(password), this.config.auth.bcryptCost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(prehash(password), hash);
  }

  /** Spends the time of a real comparison and answers false. */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('not-a-real-password-just-for-timing');
    await bcrypt.compare(prehash(password), await this.dummyHash);
    return false;
  }
}

function prehash(password: string): string {
  return createHmac('sha256', PREHASH_KEY)
    .update(password.normalize('NFC'), 'utf8')
    .digest('base64');
}
