import { Injectable } from '@nestjs/common';

import { Database } from '@poscalls4u/server-database';

import {
  ConsumedToken,
  OneTimeTokenPurpose,
  OneTimeTokensRepository,
} from './one-time-tokens.repository';
import { hashToken, newOpaqueToken } from './opaque-token';

export const VERIFY_EMAIL_TTL_SECONDS = 24 * 3600;
export const RESET_PASSWORD_TTL_SECONDS = 3600;

/**
 * Single-use tokens sent by email (verification, reset, invitation) or through a redirect (the
 * OAuth one-time code): 32 random bytes, only their SHA-256 stored, with an expiry, used up
 * atomically.
 */
@Injectable()
export class OneTimeTokensService {
  constructor(private readonly repository: OneTimeTokensRepository) {}

  /**
   * A new token; `replace` first ends the user's unused tokens of that purpose, `data` is
   * handed back when it is used. Pass `executor` to join a transaction.
   */
  async issue(
    userId: string,
    purpose: OneTimeTokenPurpose,
    ttlSeconds: number,
    executor?: Database,
    options: { replace?: boolean; data?: Record<string, unknown> } = {},
  ): Promise<string> {
    if (options.replace) await this.repository.invalidate(userId, [purpose], executor);
    const token = newOpaqueToken();
    await this.repository.insert(
      {
        userId,
        purpose,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + ttlSeconds * 1000),
        data: options.data,
      },
      executor,
    );
    return token;
  }

  /** Uses a token up; undefined when it is unknown, used, expired or of another purpose. */
  consume(
    token: string,
    purposes: OneTimeTokenPurpose[],
    executor?: Database,
  ): Promise<ConsumedToken | undefined> {
    return this.repository.consume(hashToken(token), purposes, executor);
  }

  /** Ends the user's unused tokens for these purposes. */
  invalidate(userId: string, purposes: OneTimeTokenPurpose[], executor?: Database): Promise<void> {
    return this.repository.invalidate(userId, purposes, executor);
  }
}
