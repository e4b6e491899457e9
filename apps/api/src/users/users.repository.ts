import { Injectable } from '@nestjs/common';
import { count, eq, sql } from 'drizzle-orm';

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
}
