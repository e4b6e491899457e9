import { Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  SessionRow,
  refreshTokens,
  sessions,
  users,
} from '@poscalls4u/server-database';

import { ActivePrincipal, ActivePrincipals } from '../../access/active-principals';

export interface NewSession {
  userId: string;
  method: string;
  device: string | null;
  ip: string;
  userAgent: string;
  expiresAt: Date;
}

/**
 * The SQL of the `sessions` and `refresh_tokens` tables. It is also the session check's
 * `ActivePrincipals`: the principal query reads the user row with the session, in one query.
 */
@Injectable()
export class SessionsRepository implements ActivePrincipals {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insertSession(session: NewSession, executor: Database = this.db): Promise<SessionRow> {
    const [row] = await executor.insert(sessions).values(session).returning();
    if (!row) throw new Error('Session insert returned nothing');
    return row;
  }

  async insertRefreshToken(
    sessionId: string,
    tokenHash: string,
    executor: Database = this.db,
  ): Promise<void> {
    await executor.insert(refreshTokens).values({ sessionId, tokenHash });
  }

  async findActivePrincipal(
    sessionId: string,
    userId: string,
    idleSince: Date,
  ): Promise<ActivePrincipal | undefined> {
    const [row] = await this.db
      .select({
        sessionId: sessions.id,
        lastUsedAt: sessions.lastUsedAt,
        userId: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        mfaEnabled: sql<boolean>`${users.mfaEnabledAt} is not null`,
        emailVerifiedAt: users.emailVerifiedAt,
        avatarUrl: users.avatarUrl,
        createdAt: users.createdAt,
        lastLoginAt: users.lastLoginAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.id, sessionId),
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`now()`),
          gt(sessions.lastUsedAt, idleSince),
          eq(users.isActive, true),
        ),
      )
      .limit(1);
    return row;
  }

  /**
   * How many sessions are revoked, and the sum of their ids' hashes: a new revocation changes it
   * whenever it commits (even one whose transaction began before the last look), and the table
   * stays small (ended sessions are deleted a day after they end).
   */
  async revocationFingerprint(): Promise<string> {
    const result = await this.db.execute(
      sql`select count(*)::text || ':' || coalesce(sum(hashtext(id::text)::bigint), 0)::text as fingerprint
          from sessions where revoked_at is not null`,
    );
    const [row] = (result as unknown as { rows: { fingerprint: string }[] }).rows;
    return row?.fingerprint ?? '0:0';
  }

  async touch(sessionId: string, executor: Database = this.db): Promise<void> {
    await executor
      .update(sessions)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(sessions.id, sessionId));
  }

  /** Locks the refresh token row (and reads its session) so two refreshes cannot both use it. */
  async lockRefreshToken(
    tokenHash: string,
    executor: Database,
  ): Promise<{ tokenId: string; usedAt: Date | null; session: SessionRow } | undefined> {
    const [row] = await executor
      .select({ tokenId: refreshTokens.id, usedAt: refreshTokens.usedAt, session: sessions })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .limit(1)
      .for('update', { of: refreshTokens });
    return row;
  }

  async markRefreshTokenUsed(tokenId: string, executor: Database): Promise<void> {
    await executor
      .update(refreshTokens)
      .set({ usedAt: sql`now()` })
      .where(eq(refreshTokens.id, tokenId));
  }

  async revoke(sessionId: string, reason: string, executor: Database = this.db): Promise<boolean> {
    const rows = await executor
      .update(sessions)
      .set({ revokedAt: sql`now()`, revokedReason: reason })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    return rows.length > 0;
  }

  async revokeAllForUser(
    userId: string,
    reason: string,
    exceptSessionId?: string,
    executor: Database = this.db,
  ): Promise<string[]> {
    const rows = await executor
      .update(sessions)
      .set({ revokedAt: sql`now()`, revokedReason: reason })
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined,
        ),
      )
      .returning({ id: sessions.id });
    return rows.map((row) => row.id);
  }

  /** The user's sessions that still count (not revoked, not expired, not idle too long), newest first. */
  async listActive(userId: string, idleSince: Date): Promise<SessionRow[]> {
    return this.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`now()`),
          gt(sessions.lastUsedAt, idleSince),
        ),
      )
      .orderBy(desc(sessions.lastUsedAt));
  }

  async findForUser(sessionId: string, userId: string): Promise<SessionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
      .limit(1);
    return row;
  }

  /** Whether the user ever had a session from this address with this user agent. */
  async hasSignedInFrom(userId: string, ip: string, userAgent: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(
        and(eq(sessions.userId, userId), eq(sessions.ip, ip), eq(sessions.userAgent, userAgent)),
      )
      .limit(1);
    return row !== undefined;
  }

  /** Sessions over for more than a day are removed with their refresh tokens (cascade). */
  async deleteEndedBefore(cutoff: Date): Promise<void> {
    await this.db
      .delete(sessions)
      .where(
        or(
          lt(sessions.expiresAt, cutoff),
          lt(sessions.revokedAt, cutoff),
          lt(sessions.lastUsedAt, cutoff),
        ),
      );
  }
}
