import { Injectable } from '@nestjs/common';
import { SQL, and, asc, count, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';

import { Role } from '@poscalls4u/contracts';
import { Database, InjectDatabase, NewUserRow, UserRow, users } from '@poscalls4u/server-database';

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  emailVerifiedAt: users.emailVerifiedAt,
  isActive: users.isActive,
  avatarUrl: users.avatarUrl,
  failedLoginCount: users.failedLoginCount,
  lockedUntil: users.lockedUntil,
  mfaEnabledAt: users.mfaEnabledAt,
  passwordChangedAt: users.passwordChangedAt,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

/**
 * A user without secrets (password hash, MFA secret): what leaves this repository for anything
 * but the sign-in and MFA checks.
 */
export type UserRecord = Pick<UserRow, keyof typeof userColumns>;

/** A user with their password hash (null for an account without a password). */
export type UserWithCredentials = UserRecord & { passwordHash: string | null };

/** The outcome of one failed sign-in for the account it was tried on. */
export interface FailureOutcome {
  email: string;
  name: string;
  failedLoginCount: number;
  /** Set when this failure locked the account. */
  lockedUntil: Date | null;
}

export interface UserListFilter {
  search?: string;
  role?: Role;
  active?: boolean;
  limit: number;
  offset: number;
}

/**
 * The SQL of the `users` table (but its `mfa_*` columns, which the MFA store owns): the
 * profile, the role and active flag, the password hash, the verification mark and the lockout
 * counter. Every query but `findCredentials` leaves the hash out.
 */
@Injectable()
export class UsersRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async findById(id: string, executor: Database = this.db): Promise<UserRecord | undefined> {
    const [row] = await executor.select(userColumns).from(users).where(eq(users.id, id)).limit(1);
    return row;
  }

  async findByEmail(email: string, executor: Database = this.db): Promise<UserRecord | undefined> {
    const [row] = await executor
      .select(userColumns)
      .from(users)
      .where(eq(users.email, email))
      .limit(1);
    return row;
  }

  /**
   * The only query that reads a password hash, with the rest of the user: a sign-in needs no
   * other read of the row.
   */
  async findCredentials(email: string): Promise<UserWithCredentials | undefined> {
    const [row] = await this.db
      .select({ ...userColumns, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.email, email))
      .limit(1);
    return row;
  }

  /** Inserts a user; answers undefined when the email is already taken. */
  async insert(user: NewUserRow, executor: Database = this.db): Promise<UserRecord | undefined> {
    const [row] = await executor
      .insert(users)
      .values(user)
      .onConflictDoNothing({ target: users.email })
      .returning(userColumns);
    return row;
  }

  async countAll(executor: Database = this.db): Promise<number> {
    const [row] = await executor.select({ total: count() }).from(users);
    return row?.total ?? 0;
  }

  async recordLogin(id: string): Promise<void> {
    await this.db
      .update(users)
      .set({ lastLoginAt: sql`now()` })
      .where(eq(users.id, id));
  }

  /** One page of users sorted by name (case-insensitively), and how many match in all. */
  async list(filter: UserListFilter): Promise<{ rows: UserRecord[]; total: number }> {
    const conditions: SQL[] = [];
    if (filter.search) {
      const pattern = `%${escapeLikePattern(filter.search)}%`;
      conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern)) as SQL);
    }
    if (filter.role) conditions.push(eq(users.role, filter.role));
    if (filter.active !== undefined) conditions.push(eq(users.isActive, filter.active));
    const where = and(...conditions);
    const rows = await this.db
      .select(userColumns)
      .from(users)
      .where(where)
      // The id breaks ties between namesakes, so pages never overlap or skip.
      .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
      .limit(filter.limit)
      .offset(filter.offset);
    const [row] = await this.db.select({ total: count() }).from(users).where(where);
    return { rows, total: row?.total ?? 0 };
  }

  /** Which of `ids` have no password (invited and not yet accepted, or OAuth-only accounts). */
  async withoutPassword(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.id, ids), isNull(users.passwordHash)));
    return new Set(rows.map((row) => row.id));
  }

  /** Active supervisors and admins who have not turned MFA on, sorted by name. */
  async privilegedWithoutMfa(): Promise<UserRecord[]> {
    return this.db
      .select(userColumns)
      .from(users)
      .where(
        and(
          inArray(users.role, ['supervisor', 'admin']),
          eq(users.isActive, true),
          isNull(users.mfaEnabledAt),
        ),
      )
      .orderBy(asc(sql`lower(${users.name})`), asc(users.id));
  }

  async countActiveAdmins(executor: Database = this.db): Promise<number> {
    const [row] = await executor
      .select({ total: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.isActive, true)));
    return row?.total ?? 0;
  }

  async activeAdminIds(): Promise<string[]> {
    const rows = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.isActive, true)));
    return rows.map((row) => row.id);
  }

  async updateRoleAndActive(
    id: string,
    changes: { role: Role; isActive: boolean },
    executor: Database = this.db,
  ): Promise<UserRecord | undefined> {
    const [row] = await executor
      .update(users)
      .set({ role: changes.role, isActive: changes.isActive, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning(userColumns);
    return row;
  }

  /** Ends a lockout and forgets the failed sign-ins that led to it; undefined for an unknown id. */
  async clearLockout(id: string, executor: Database = this.db): Promise<UserRecord | undefined> {
    const [row] = await executor
      .update(users)
      .set({ failedLoginCount: 0, lockedUntil: null, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning(userColumns);
    return row;
  }

  /**
   * Counts a failed sign-in in one statement (so parallel attempts cannot skip the threshold)
   * and locks at the threshold. A locked account is left as it is; after a lockout has run out
   * the count starts again from one.
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

  /** Forgets failures and ends any lockout; writes nothing when there is nothing to forget. */
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
}

/** Makes `%`, `_` and backslash in a search match themselves in LIKE (backslash is its escape). */
function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
