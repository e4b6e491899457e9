import { Injectable } from '@nestjs/common';
import { SQL, and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';

import { Role } from '@poscalls4u/contracts';
import {
  Database,
  InjectDatabase,
  NewUserRow,
  UserRow,
  oneTimeTokens,
  users,
} from '@poscalls4u/server-database';

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

export interface UserListFilter {
  search?: string;
  role?: Role;
  active?: boolean;
  limit: number;
  offset: number;
}

/** The SQL of the `users` table. Every query but `findCredentials` leaves the hash out. */
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

  /** The only query that reads a password hash; used by sign-in alone. */
  async findCredentials(
    email: string,
  ): Promise<{ id: string; passwordHash: string | null } | undefined> {
    const [row] = await this.db
      .select({ id: users.id, passwordHash: users.passwordHash })
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

  async countActiveAdmins(executor: Database = this.db): Promise<number> {
    const [row] = await executor
      .select({ total: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.isActive, true)));
    return row?.total ?? 0;
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
   * Stores an invitation's single-use token (its SHA-256, never the token itself). The
   * password-reset flow redeems it, as it redeems reset tokens from the same table.
   */
  async insertInviteToken(
    token: { userId: string; tokenHash: string; expiresAt: Date },
    executor: Database = this.db,
  ): Promise<void> {
    await executor.insert(oneTimeTokens).values({ ...token, purpose: 'invite' });
  }
}

/** Makes `%`, `_` and backslash in a search match themselves in LIKE (backslash is its escape). */
function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
