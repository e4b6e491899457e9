import { Injectable } from '@nestjs/common';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';

import { Database, InjectDatabase, oneTimeTokens } from '@poscalls4u/server-database';

export type OneTimeTokenPurpose = 'verify_email' | 'reset_password' | 'invite' | 'oauth_code';

/** A token used up: whose it was, what for, and what it carries. */
export interface ConsumedToken {
  userId: string;
  purpose: OneTimeTokenPurpose;
  data: unknown;
}

/** The SQL of the `one_time_tokens` table, its only owner. */
@Injectable()
export class OneTimeTokensRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(
    token: {
      userId: string;
      purpose: OneTimeTokenPurpose;
      tokenHash: string;
      expiresAt: Date;
      data?: Record<string, unknown>;
    },
    executor: Database = this.db,
  ): Promise<void> {
    await executor.insert(oneTimeTokens).values(token);
  }

  /** Ends the unused tokens of a user for these purposes (a newer one replaces them). */
  async invalidate(
    userId: string,
    purposes: OneTimeTokenPurpose[],
    executor: Database = this.db,
  ): Promise<void> {
    await executor
      .update(oneTimeTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(oneTimeTokens.userId, userId),
          inArray(oneTimeTokens.purpose, purposes),
          isNull(oneTimeTokens.usedAt),
        ),
      );
  }

  /**
   * Uses a token up in one statement: it must exist with one of `purposes`, be unused and
   * unexpired. Two requests racing with the same token cannot both get it.
   */
  async consume(
    tokenHash: string,
    purposes: OneTimeTokenPurpose[],
    executor: Database = this.db,
  ): Promise<ConsumedToken | undefined> {
    const [row] = await executor
      .update(oneTimeTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(oneTimeTokens.tokenHash, tokenHash),
          inArray(oneTimeTokens.purpose, purposes),
          isNull(oneTimeTokens.usedAt),
          gt(oneTimeTokens.expiresAt, sql`now()`),
        ),
      )
      .returning({
        userId: oneTimeTokens.userId,
        purpose: oneTimeTokens.purpose,
        data: oneTimeTokens.data,
      });
    return row;
  }
}
