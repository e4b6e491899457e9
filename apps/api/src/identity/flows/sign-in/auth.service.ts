import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import { AuditAction, ErrorCode, ProfileResult, RegisterResult, Role } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { AuditService } from '../../../platform/audit';
import { AppException } from '../../../platform/http';
import { RequestContext } from '../../../platform/http';
import { OutboxService } from '../../../platform/outbox';
import { AuthUser } from '../../access/auth-user';
import { PasswordPolicyService } from '../../stores/credentials/password-policy.service';
import { PasswordService } from '../../stores/credentials/password.service';
import { UsersService, normalizeEmail, toUserView } from '../../stores/users/users.service';
import { AccountService, CHECK_EMAIL_MESSAGE } from '../account/account.service';
import { LockoutService } from '../lockout/lockout.service';
import { MfaService } from '../mfa/mfa.service';
import { IssuedSession, SessionsService, deviceLabel } from '../sessions/sessions.service';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';

const WRONG_CREDENTIALS = 'Wrong email or password.';
// Any fixed number; only sign-ups take this lock.
const SIGN_UP_LOCK_ID = 4_242_002;

type SignInFailure = 'unknown_email' | 'wrong_password' | 'locked' | 'inactive';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectDatabase() private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly policy: PasswordPolicyService,
    private readonly lockout: LockoutService,
    private readonly account: AccountService,
    private readonly sessions: SessionsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly mfa: MfaService,
  ) {}

  /**
   * Signs a new user up. Everyone joins as an agent; the first account of an empty system
   * becomes the admin who then invites the rest. The answer is the same whether or not the
   * email already had an account, and so is the work (the password is hashed either way): a new
   * account gets a verification email, the owner of an existing one a warning instead.
   */
  async register(input: RegisterDto, context: RequestContext): Promise<RegisterResult> {
    if (input.role && input.role !== Role.Agent) {
      throw AppException.forbidden('Everyone signs up as an agent; an admin assigns other roles.');
    }
    this.policy.assertAcceptable(input.password, 'password', { email: input.email });
    const passwordHash = await this.passwords.hash(input.password);
    const outcome = await this.db.transaction(async (tx) => {
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
      if (created) await this.account.queueVerificationEmail(created, tx);
      return { created };
    });
    // Read after the commit: PGlite has a single connection, which the transaction holds.
    const existing = outcome.created ? undefined : await this.users.findByEmail(input.email);
    if (existing) {
      await this.db.transaction((tx) => this.account.queueAccountExistsEmail(existing, tx));
    }
    this.outbox.dispatchSoon();
    await this.audit.record({
      action: AuditAction.SignUp,
      outcome: outcome.created ? 'success' : 'failure',
      context,
      actorId: outcome.created?.id ?? null,
      targetUserId: outcome.created?.id ?? existing?.id ?? null,
      email: outcome.created ? null : normalizeEmail(input.email),
      details: outcome.created
        ? { role: outcome.created.role }
        : { reason: 'email_already_registered' },
    });
    if (outcome.created) {
      this.logger.log(
        { userId: outcome.created.id, role: outcome.created.role },
        'User registered',
      );
    }
    return { message: CHECK_EMAIL_MESSAGE };
  }

  /**
   * Unknown email, wrong password, locked and deactivated accounts all get the same answer after
   * the same work (a bcrypt comparison, against a dummy hash when there is no account). Only a
   * right password learns more: an unverified email, or the MFA step.
   */
  async login(input: LoginDto, context: RequestContext): Promise<IssuedSession> {
    const email = normalizeEmail(input.email);
    // The one read of the user row in a sign-in: everything below works on it.
    const credentials = await this.users.findCredentials(email);
    const passwordMatches = credentials?.passwordHash
      ? await this.passwords.verify(input.password, credentials.passwordHash)
      : await this.passwords.verifyAgainstDummy(input.password);
    if (!credentials) return this.refuse('unknown_email', context, { email });
    const { passwordHash: _hash, ...user } = credentials;
    if (this.lockout.isLocked(user)) return this.refuse('locked', context, { userId: user.id });
    if (!user.isActive) return this.refuse('inactive', context, { userId: user.id });
    if (!passwordMatches) {
      await this.lockout.recordFailure(user.id, context);
      return this.refuse('wrong_password', context, { userId: user.id });
    }
    if (user.emailVerifiedAt === null) {
      await this.recordSignIn('failure', context, user.id, { reason: 'email_not_verified' });
      throw new AppException(
        ErrorCode.EmailNotVerified,
        'Confirm your email address first: follow the link we sent you, or ask for a new one.',
        HttpStatus.FORBIDDEN,
      );
    }
    if (user.mfaEnabledAt !== null) {
      // The counter is reset only once the second factor is right too (the MFA service does
      // it), so that a known password cannot be used to keep guessing codes.
      const challenge = await this.mfa.createChallenge(user.id, 'password');
      await this.recordSignIn('success', context, user.id, { step: 'password', mfa: 'required' });
      throw new AppException(
        ErrorCode.MfaRequired,
        'Enter the code of your authenticator app to finish signing in.',
        HttpStatus.UNAUTHORIZED,
        undefined,
        challenge,
      );
    }

    const firstSignIn = user.lastLoginAt === null;
    const knownDevice = firstSignIn || (await this.sessions.hasSignedInFrom(user.id, context));
    const issued = await this.sessions.start(user, 'password', context);
    await this.lockout.recordSuccess(user.id);
    await this.recordSignIn('success', context, user.id, { sessionId: issued.sessionId });
    if (!knownDevice) {
      await this.account
        .notifyNewSignIn(user, context, deviceLabel(context.userAgent))
        .catch((error: unknown) =>
          this.logger.error(
            { err: error, userId: user.id },
            'Could not send the new sign-in email',
          ),
        );
    }
    return issued;
  }

  async profile(caller: AuthUser): Promise<ProfileResult> {
    // The guard read the user with the session: no second query on this hot path.
    if (caller.profile) return { user: caller.profile };
    const user = await this.users.findById(caller.id);
    if (!user) throw AppException.unauthorized();
    return { user: toUserView(user) };
  }

  private async refuse(
    reason: SignInFailure,
    context: RequestContext,
    who: { userId?: string; email?: string },
  ): Promise<never> {
    await this.audit.record({
      action: AuditAction.SignIn,
      outcome: 'failure',
      context,
      targetUserId: who.userId ?? null,
      email: who.email ?? null,
      details: { reason },
    });
    throw AppException.unauthorized(WRONG_CREDENTIALS);
  }

  private recordSignIn(
    outcome: 'success' | 'failure',
    context: RequestContext,
    userId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({
      action: AuditAction.SignIn,
      outcome,
      context,
      actorId: outcome === 'success' ? userId : null,
      targetUserId: userId,
      details,
    });
  }
}
