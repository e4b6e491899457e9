import { Injectable } from '@nestjs/common';

import { Database } from '@poscalls4u/server-database';

import { AccountRepository, OneTimeTokenPurpose } from '../../flows/account/account.repository';
import { hashToken, newOpaqueToken } from '../../flows/sessions/sessions.service';

export const VERIFY_EMAIL_TTL_SECONDS = 24 * 3600;
export const RESET_PASSWORD_TTL_SECONDS = 3600;

/**
 * Single-use tokens sent by email (verification, reset; invites are minted by the users feature):
 * 32 random bytes, only their SHA-256 stored, with an expiry, used up atomically.
 */
@Injectable()
export class OneTimeTokensService {
  constructor(private readonly repository: AccountRepository) {}

  /** A new token; `replace` first ends the user's unused tokens of that purpose. */
  async issue(
    userId: string,
    purpose: OneTimeTokenPurpose,
    ttlSeconds: number,
    executor: Database,
    options: { replace?: boolean } = {},
  ): Promise<string> {
    if (options.replace) await this.repository.invalidateTokens(userId, [purpose], executor);
    const token = newOpaqueToken();
    await this.repository.insertToken(
      {
        userId,
        purpose,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + ttlSeconds * 1000),
      },
      executor,
    );
    return token;
  }

  /** Uses a token up; undefined when it is unknown, used, expired or of another purpose. */
  consume(
    token: string,
    purposes: OneTimeTokenPurpose[],
    executor: Database,
  ): Promise<{ userId: string; purpose: OneTimeTokenPurpose } | undefined> {
    return this.repository.consumeToken(hashToken(token), purposes, executor);
  }
}
