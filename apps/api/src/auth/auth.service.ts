import { Inject, Injectable, Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import { ProfileResult, Role } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase } from '@poscalls4u/server-database';
import { JobName } from '@poscalls4u/server-jobs';
import { renderEmail } from '@poscalls4u/server-mail';

import { AppException } from '../common/app.exception';
import { RequestContext } from '../common/request-context';
import { OutboxService } from '../outbox/outbox.service';
import { IssuedSession, SessionsService } from '../sessions/sessions.service';
import { UsersService, toUserView } from '../users/users.service';
import { AuthUser } from './auth-user';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { PasswordService } from './password.service';

const WRONG_CREDENTIALS = 'Wrong email or password.';
// Any fixed number; only sign-ups take this lock.
const SIGN_UP_LOCK_ID = 4_242_002;

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectDatabase() private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Signs a new user up. Everyone joins as an agent; the first account of an empty system
   * becomes the admin who then invites the rest. The welcome email is written to the outbox
   * in the same transaction as the account, so it is sent even if the process dies right after.
   */
  async register(input: RegisterDto, context: RequestContext): Promise<IssuedSession> {
    if (input.role && input.role !== Role.Agent) {
      throw AppException.forbidden('Everyone signs up as an agent; an admin assigns other roles.');
    }
    if (input.password.length < this.config.auth.passwordMinLength) {
      throw AppException.validation('The request is invalid.', [
        {
          field: 'password',
          messages: [`password must be at least ${this.config.auth.passwordMinLength} characters`],
        },
      ]);
    }
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.db.transaction(async (tx) => {
      // Serializes sign-ups for the length of this transaction, so two simultaneous first
      // sign-ups cannot both see an empty system and both become admin.
      await tx.execute(sql`select pg_advisory_xact_lock(${SIGN_UP_LOCK_ID})`);
      const isFirstUser = (await this.users.count(tx)) === 0;
      const created = await this.users.create(
        {
          email: input.email,
          name: input.name,
          passwordHash,
          role: isFirstUser ? Role.Admin : Role.Agent,
          emailVerified: false,
        },
        tx,
      );
      if (!created) throw AppException.conflict('An account with this email already exists.');
      const email = renderEmail({
        kind: 'welcome',
        name: created.name,
        signInUrl: `${this.config.publicUrl}/agent/sign-in`,
      });
      await this.outbox.add(tx, JobName.SendEmail, { to: created.email, ...email });
      return created;
    });
    this.outbox.dispatchSoon();
    this.logger.log({ userId: user.id, role: user.role }, 'User registered');
    return this.sessions.start(user.id, 'password', context);
  }

  /** Unknown email and wrong password get the same answer after the same amount of work. */
  async login(input: LoginDto, context: RequestContext): Promise<IssuedSession> {
    const credentials = await this.users.findCredentials(input.email);
    const passwordMatches = credentials?.passwordHash
      ? await this.passwords.verify(input.password, credentials.passwordHash)
      : await this.passwords.verifyAgainstDummy(input.password);
    if (!credentials || !passwordMatches) throw AppException.unauthorized(WRONG_CREDENTIALS);

    const user = await this.users.findById(credentials.id);
    if (!user || !user.isActive) throw AppException.unauthorized(WRONG_CREDENTIALS);
    return this.sessions.start(user.id, 'password', context);
  }

  async profile(caller: AuthUser): Promise<ProfileResult> {
    const user = await this.users.findById(caller.id);
    if (!user) throw AppException.unauthorized();
    return { user: toUserView(user) };
  }
}
