import { Injectable } from '@nestjs/common';
import { and, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  oneTimeTokens,
  sessions,
  users,
} from '@poscalls4u/server-database';

export type OneTimeTokenPurpose = 'verify_email' | 'reset_password' | 'invite';

/** The outcome of one failed sign-in for the account it was tried on. */
export interface FailureOutcome {
  email: string;
  name: string;
  failedLoginCount: number;
  /** Set when this failure locked the account. */
  lockedUntil: Date | null;
}

/**
 * The SQL of the account's security state: the lockout counter, the password, the verification
 * mark, the profile fields and the single-use tokens sent by email. `UsersService` reads users;
 * these writes belong to the account flows, which own the columns they change.
 */
@Injectable()
export class AccountRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /**
   * Counts a failure in one statement (so parallel attempts cannot skip the threshold) and locks
   * at the threshold. A locked account is left as it is; after a lockout has run out the count
   * starts again from one.
   */
  async registerFailure(
    userId: string,
    threshold: number,
    lockSeconds: number,
    executor: Database = this.db,
  ): Promise<FailureOutcome | undefined> {
    const count = sql`(case when ${users.lockedUntil} is not null and ${users.lockedUntil} <= now() then 0 else ${users.failedLoginCount} end) + 1`;
    const [row] = await executor
      .update(users)
      .set({
        failedLoginCount: sql`${count}`,
        lockedUntil: sql`case when ${count} >= ${threshold} then now() + make_interval(secs => ${lockSeconds}) else null end`,
      })
      .where(
        and(
          eq(users.id, userId),
          sql`(${users.lockedUntil} is null or ${users.lockedUntil} <= now())`,
        ),
      )
      .returning({
        email: users.email,
        name: users.name,
        failedLoginCount: users.failedLoginCount,
        lockedUntil: users.lockedUntil,
      });
    return row;
  }

  /** Forgets failures and ends any lockout. */
  async clearFailures(userId: string, executor: Database = this.db): Promise<void> {
    await executor
      .update(users)
      .set({ failedLoginCount: 0, lockedUntil: null })
      .where(
        and(
          eq(users.id, userId),
          sql`(${users.failedLoginCount} <> 0 or ${users.lockedUntil} is not null)`,
        ),
      );
  }

  /** A new password: it also ends a lockout, and marks the email verified when asked. */
  async setPassword(
    userId: string,
    passwordHash: string,
    options: { verifyEmail: boolean },
    executor: Database = this.db,
  ): Promise<void> {
    await executor
      .update(users)
      .set({
        passwordHash,
        passwordChangedAt: sql`now()`,
        failedLoginCount: 0,
        lockedUntil: null,
        updatedAt: sql`now()`,
        ...(options.verifyEmail
          ? { emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }
          : {}),
      })
      .where(eq(users.id, userId));
  }

  /** Marks the email verified; true when it was not verified before. */
  async markEmailVerified(userId: string, executor: Database = this.db): Promise<boolean> {
    const rows = await executor
      .update(users)
      .set({ emailVerifiedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)))
      .returning({ id: users.id });
    return rows.length > 0;
  }

  async updateProfile(
    userId: string,
    changes: { name?: string; avatarUrl?: string | null },
  ): Promise<void> {
    await this.db
      .update(users)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(users.id, userId));
  }

  async insertToken(
    token: { userId: string; purpose: OneTimeTokenPurpose; tokenHash: string; expiresAt: Date },
    executor: Database = this.db,
  ): Promise<void> {
    await executor.insert(oneTimeTokens).values(token);
  }

  /** Ends the unused tokens of a user for these purposes (a newer one replaces them). */
  async invalidateTokens(
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
  async consumeToken(
    tokenHash: string,
    purposes: OneTimeTokenPurpose[],
    executor: Database = this.db,
  ): Promise<{ userId: string; purpose: OneTimeTokenPurpose } | undefined> {
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
      .returning({ userId: oneTimeTokens.userId, purpose: oneTimeTokens.purpose });
    return row as { userId: string; purpose: OneTimeTokenPurpose } | undefined;
  }

  /** Whether the user ever had a session from this address with this user agent. */
  async hasSignedInFrom(
    userId: string,
    ip: string,
    userAgent: string,
    exceptSessionId?: string,
  ): Promise<boolean> {
    const [row] = await this.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          eq(sessions.ip, ip),
          eq(sessions.userAgent, userAgent),
          exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined,
        ),
      )
      .limit(1);
    return row !== undefined;
  }
}
