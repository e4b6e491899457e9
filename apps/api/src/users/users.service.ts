import { Injectable } from '@nestjs/common';

import { Role, UserView } from '@poscalls4u/contracts';
import { Database } from '@poscalls4u/server-database';

import { UserRecord, UsersRepository } from './users.repository';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string | null;
  role: Role;
  emailVerified: boolean;
}

/** Users as the rest of the API sees them. Other features call this, never the table. */
@Injectable()
export class UsersService {
  constructor(private readonly repository: UsersRepository) {}

  findById(id: string): Promise<UserRecord | undefined> {
    return this.repository.findById(id);
  }

  findByEmail(email: string): Promise<UserRecord | undefined> {
    return this.repository.findByEmail(normalizeEmail(email));
  }

  findCredentials(email: string): Promise<{ id: string; passwordHash: string | null } | undefined> {
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
    isActive: user.isActive,
    avatarUrl: user.avatarUrl,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
