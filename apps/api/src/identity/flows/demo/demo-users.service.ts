import { Injectable } from '@nestjs/common';

import { Role } from '@poscalls4u/contracts';
import { Database } from '@poscalls4u/server-database';

import { PasswordService } from '../../stores/credentials/password.service';
import { UsersService } from '../../stores/users/users.service';

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
}

/**
 * How the demo data (`app/demo`) creates its accounts: verified at once and sharing one
 * password, without the emails of the sign-up and invitation flows. Nothing else outside
 * identity creates users.
 */
@Injectable()
export class DemoUsers {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
  ) {}

  /** Whether the system has no account yet: the demo seeds only then. */
  async noneYet(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  /** The hash of the shared demo password, computed once for all the accounts. */
  hashPassword(password: string): Promise<string> {
    return this.passwords.hash(password);
  }

  /** Creates a verified account in the caller's transaction; its id, or undefined when the email is taken. */
  async createVerified(
    account: DemoAccount,
    passwordHash: string,
    tx: Database,
  ): Promise<string | undefined> {
    const created = await this.users.create({ ...account, passwordHash, emailVerified: true }, tx);
    return created?.id;
  }
}
