import { Injectable } from '@nestjs/common';

import { Role, UserView } from '@poscalls4u/contracts';
import { Database } from '@poscalls4u/server-database';

import { UserDirectory } from '../../access/user-directory';
import {
  FailureOutcome,
  UserListFilter,
  UserRecord,
  UserWithCredentials,
  UsersRepository,
} from './users.repository';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string | null;
  role: Role;
  emailVerified: boolean;
}

/**
 * The users store's face: the flows call this, never the table. Outside identity it is seen
 * only as the read-only `UserDirectory`.
 */
@Injectable()
export class UsersService implements UserDirectory {
  constructor(private readonly repository: UsersRepository) {}

  findById(id: string): Promise<UserRecord | undefined> {
    return this.repository.findById(id);
  }

  findByEmail(email: string): Promise<UserRecord | undefined> {
    return this.repository.findByEmail(normalizeEmail(email));
  }

  /** The user with their password hash: for the password checks alone. */
  findCredentials(email: string): Promise<UserWithCredentials | undefined> {
    return this.repository.findCredentials(normalizeEmail(email));
  }

  /** Creates a user; undefined when the email is taken. Pass `executor` to join a transaction. */
  create(user: NewUser, executor?: Database): Promise<UserRecord | undefined> {
    return this.repository.insert(
      {
        email: normalizeEmail(user.email),
        name: user.name.trim(),
        passwordHash: user.passwordHash,
        role: user.role,
        emailVerifiedAt: user.emailVerified ? new Date() : null,
      },
      executor,
    );
  }

  count(executor?: Database): Promise<number> {
    return this.repository.countAll(executor);
  }

  recordLogin(id: string): Promise<void> {
    return this.repository.recordLogin(id);
  }

  /** `findById` inside a transaction (`tx`), so the read sees and joins that transaction. */
  findByIdInTransaction(id: string, tx: Database): Promise<UserRecord | undefined> {
    return this.repository.findById(id, tx);
  }

  /** The active supervisors and admins without MFA: whom requiring it would stop. */
  privilegedWithoutMfa(): Promise<UserRecord[]> {
    return this.repository.privilegedWithoutMfa();
  }

  /** One page of users sorted by name, and how many match in all. */
  list(filter: UserListFilter): Promise<{ rows: UserRecord[]; total: number }> {
    return this.repository.list(filter);
  }

  /**
   * The ids of `users` who were invited and have not accepted: no password chosen and never
   * signed in (an OAuth-only account has signed in).
   */
  async pendingInvitations(users: readonly UserRecord[]): Promise<Set<string>> {
    const neverSignedIn = users.filter((user) => user.lastLoginAt === null).map((user) => user.id);
    return this.repository.withoutPassword(neverSignedIn);
  }

  countActiveAdmins(executor?: Database): Promise<number> {
    return this.repository.countActiveAdmins(executor);
  }

  activeAdminIds(): Promise<string[]> {
    return this.repository.activeAdminIds();
  }

  /** Sets both fields; undefined for an unknown id. The caller enforces the admin rules. */
  setRoleAndActive(
    id: string,
    changes: { role: Role; isActive: boolean },
    executor?: Database,
  ): Promise<UserRecord | undefined> {
    return this.repository.updateRoleAndActive(id, changes, executor);
  }

  /** Ends a lockout and resets the failure count; undefined for an unknown id. */
  clearLockout(id: string, executor?: Database): Promise<UserRecord | undefined> {
    return this.repository.clearLockout(id, executor);
  }

  /** Counts a failed sign-in, locking at `threshold`; undefined when already locked. */
  registerFailure(
    userId: string,
    threshold: number,
    lockSeconds: number,
    executor?: Database,
  ): Promise<FailureOutcome | undefined> {
    return this.repository.registerFailure(userId, threshold, lockSeconds, executor);
  }

  /** Forgets failed sign-ins and ends any lockout. */
  clearFailures(userId: string): Promise<void> {
    return this.repository.clearFailures(userId);
  }

  /** A new password hash: it also ends a lockout, and marks the email verified when asked. */
  setPassword(
    userId: string,
    passwordHash: string,
    options: { verifyEmail: boolean },
    executor?: Database,
  ): Promise<void> {
    return this.repository.setPassword(userId, passwordHash, options, executor);
  }

  /** True when the email was not verified before. */
  markEmailVerified(userId: string, executor?: Database): Promise<boolean> {
    return this.repository.markEmailVerified(userId, executor);
  }

  updateProfile(
    userId: string,
    changes: { name?: string; avatarUrl?: string | null },
  ): Promise<void> {
    return this.repository.updateProfile(userId, changes);
  }
}

/** One spelling per address: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toUserView(user: UserRecord): UserView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    emailVerified: user.emailVerifiedAt !== null,
    mfaEnabled: user.mfaEnabledAt !== null,
    isActive: user.isActive,
    avatarUrl: user.avatarUrl,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
