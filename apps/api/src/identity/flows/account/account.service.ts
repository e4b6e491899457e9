import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { AuditAction, AuthProvidersResult, ProfileResult } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase } from '@poscalls4u/server-database';
import { JobName } from '@poscalls4u/server-jobs';
import { EmailTemplate, renderEmail } from '@poscalls4u/server-mail';

import { AuditService } from '../../../platform/audit';
import { AppException } from '../../../platform/http';
import { RequestContext } from '../../../platform/http';
import { OutboxService } from '../../../platform/outbox';
import { AuthUser } from '../../access/auth-user';
import { SessionCheck } from '../../access/session-check';
import {
  OneTimeTokensService,
  RESET_PASSWORD_TTL_SECONDS,
  VERIFY_EMAIL_TTL_SECONDS,
} from '../../stores/credentials/one-time-tokens.service';
import {
  PASSWORD_RECOMMENDED_LENGTH,
  PasswordPolicyService,
} from '../../stores/credentials/password-policy.service';
import { PasswordService } from '../../stores/credentials/password.service';
import { UsersService, toUserView } from '../../stores/users/users.service';
import { SessionsService } from '../sessions/sessions.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';

export const CHECK_EMAIL_MESSAGE = 'Check your email to confirm your address.';
const RESEND_MESSAGE =
  'If an account with this email is waiting for confirmation, a new link is on its way.';
const FORGOT_MESSAGE =
  'If an account with this email exists, a link to reset its password is on its way.';
const BAD_TOKEN = 'This link is invalid, used or expired. Ask for a new one.';

/**
 * The account flows around sign-in: email verification, password reset and change, the profile.
 * Answers that could tell whether an email has an account (resend, forgot) are the same for all
 * and their work runs after the answer, so neither the content nor the timing tells.
 */
@Injectable()
export class AccountService implements OnModuleDestroy {
  private readonly logger = new Logger(AccountService.name);
  private readonly background = new Set<Promise<void>>();

  constructor(
    @InjectDatabase() private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: OneTimeTokensService,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly policy: PasswordPolicyService,
    private readonly sessions: SessionsService,
    private readonly sessionCheck: SessionCheck,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** Writes a verification email for a new account, in the caller's transaction. */
  async queueVerificationEmail(
    user: { id: string; name: string; email: string },
    tx: Database,
  ): Promise<void> {
    const token = await this.tokens.issue(user.id, 'verify_email', VERIFY_EMAIL_TTL_SECONDS, tx, {
      replace: true,
    });
    await this.queueEmail(tx, user.email, {
      kind: 'verify-email',
      name: user.name,
      verifyUrl: `${this.config.publicUrl}/agent/verify-email?token=${token}`,
      expiresInHours: VERIFY_EMAIL_TTL_SECONDS / 3600,
    });
  }

  /** Tells the owner of an existing account that someone tried to sign up with their address. */
  async queueAccountExistsEmail(
    user: { name: string; email: string },
    tx: Database,
  ): Promise<void> {
    await this.queueEmail(tx, user.email, {
      kind: 'account-exists',
      name: user.name,
      signInUrl: `${this.config.publicUrl}/agent/sign-in`,
      resetUrl: `${this.config.publicUrl}/agent/forgot-password`,
    });
  }

  /** Emails the owner about a sign-in from a device and address never seen on their account. */
  async notifyNewSignIn(
    user: { id: string; name: string; email: string },
    context: RequestContext,
    device: string | null,
  ): Promise<void> {
    await this.db.transaction((tx) =>
      this.queueEmail(tx, user.email, {
        kind: 'new-sign-in',
        name: user.name,
        device: device ?? (context.userAgent || 'an unknown device'),
        ip: context.ip,
        at: new Date().toISOString(),
        sessionsUrl: `${this.config.publicUrl}/agent/profile`,
      }),
    );
    this.outbox.dispatchSoon();
  }

  async verifyEmail(token: string, context: RequestContext): Promise<{ message: string }> {
    const verified = await this.db.transaction(async (tx) => {
      const used = await this.tokens.consume(token, ['verify_email'], tx);
      if (!used) return undefined;
      const user = await this.users.findByIdInTransaction(used.userId, tx);
      if (!user) return undefined;
      const firstTime = await this.users.markEmailVerified(user.id, tx);
      if (firstTime) {
        await this.queueEmail(tx, user.email, {
          kind: 'welcome',
          name: user.name,
          signInUrl: `${this.config.publicUrl}/agent/sign-in`,
        });
      }
      return user;
    });
    if (!verified) throw badToken();
    this.outbox.dispatchSoon();
    await this.audit.record({
      action: AuditAction.EmailVerified,
      outcome: 'success',
      context,
      actorId: verified.id,
      targetUserId: verified.id,
    });
    return { message: 'Your email address is confirmed. You can sign in.' };
  }

  /** Always the same answer; a new link goes only to an existing, unverified account. */
  resendVerification(email: string): { message: string } {
    this.runInBackground(async () => {
      const user = await this.users.findByEmail(email);
      if (!user || user.emailVerifiedAt !== null || !user.isActive) return;
      await this.db.transaction((tx) => this.queueVerificationEmail(user, tx));
      this.outbox.dispatchSoon();
    });
    return { message: RESEND_MESSAGE };
  }

  /** Always the same answer; a reset link goes only to an existing, active account. */
  forgotPassword(email: string, context: RequestContext): { message: string } {
    this.runInBackground(async () => {
      const user = await this.users.findByEmail(email);
      if (!user || !user.isActive) return;
      await this.db.transaction(async (tx) => {
        const token = await this.tokens.issue(
          user.id,
          'reset_password',
          RESET_PASSWORD_TTL_SECONDS,
          tx,
        );
        await this.queueEmail(tx, user.email, {
          kind: 'password-reset',
          name: user.name,
          resetUrl: `${this.config.publicUrl}/agent/reset-password?token=${token}`,
          expiresInMinutes: RESET_PASSWORD_TTL_SECONDS / 60,
        });
      });
      this.outbox.dispatchSoon();
      await this.audit.record({
        action: AuditAction.PasswordResetRequested,
        outcome: 'success',
        context,
        targetUserId: user.id,
      });
    });
    return { message: FORGOT_MESSAGE };
  }

  /**
   * Sets a password with a reset or invite token: the mailbox is proven, so the email counts as
   * verified; any lockout ends; every session ends.
   */
  async resetPassword(
    input: ResetPasswordDto,
    context: RequestContext,
  ): Promise<{ message: string }> {
    // The policy first, so a refused password does not use the token up.
    this.policy.assertAcceptable(input.password, 'password');
    const passwordHash = await this.passwords.hash(input.password);
    const outcome = await this.db.transaction(async (tx) => {
      const used = await this.tokens.consume(input.token, ['reset_password', 'invite'], tx);
      if (!used) return undefined;
      const user = await this.users.findByIdInTransaction(used.userId, tx);
      if (!user || !user.isActive) return undefined;
      await this.users.setPassword(user.id, passwordHash, { verifyEmail: true }, tx);
      // The other links of this user for the same purpose are of no use any more.
      await this.tokens.invalidate(user.id, ['reset_password', 'invite'], tx);
      await this.queueEmail(tx, user.email, {
        kind: 'password-changed',
        name: user.name,
        resetUrl: `${this.config.publicUrl}/agent/forgot-password`,
      });
      return { user, purpose: used.purpose };
    });
    if (!outcome) throw badToken();
    this.outbox.dispatchSoon();
    // After the commit: PGlite has a single connection, and the sessions service uses its own.
    const ended = await this.sessions.revokeAllForUser(outcome.user.id, 'password_reset');
    await this.audit.record({
      action: AuditAction.PasswordReset,
      outcome: 'success',
      context,
      actorId: outcome.user.id,
      targetUserId: outcome.user.id,
      details: { via: outcome.purpose, sessionsEnded: ended },
    });
    return { message: 'Your password is set. Sign in with it.' };
  }

  /** Needs the current password; keeps the caller's session and ends every other. */
  async changePassword(
    caller: AuthUser,
    input: ChangePasswordDto,
    context: RequestContext,
  ): Promise<{ message: string }> {
    const credentials = await this.users.findCredentials(caller.email);
    const matches = credentials?.passwordHash
      ? await this.passwords.verify(input.currentPassword, credentials.passwordHash)
      : await this.passwords.verifyAgainstDummy(input.currentPassword);
    if (!credentials || !matches) {
      await this.audit.record({
        action: AuditAction.PasswordChanged,
        outcome: 'failure',
        context,
        actorId: caller.id,
        targetUserId: caller.id,
        details: { reason: 'wrong_current_password' },
      });
      throw AppException.unauthorized('The current password is wrong.');
    }
    this.policy.assertAcceptable(input.newPassword, 'newPassword', { email: caller.email });
    const passwordHash = await this.passwords.hash(input.newPassword);
    await this.db.transaction(async (tx) => {
      await this.users.setPassword(caller.id, passwordHash, { verifyEmail: false }, tx);
      await this.queueEmail(tx, caller.email, {
        kind: 'password-changed',
        name: caller.name,
        resetUrl: `${this.config.publicUrl}/agent/forgot-password`,
      });
    });
    this.outbox.dispatchSoon();
    const ended = await this.sessions.revokeAllForUser(caller.id, 'password_changed', {
      exceptSessionId: caller.sessionId,
    });
    await this.audit.record({
      action: AuditAction.PasswordChanged,
      outcome: 'success',
      context,
      actorId: caller.id,
      targetUserId: caller.id,
      details: { sessionsEnded: ended },
    });
    return { message: 'Your password is changed. Your other devices were signed out.' };
  }

  async updateProfile(caller: AuthUser, input: UpdateProfileDto): Promise<ProfileResult> {
    const changes: { name?: string; avatarUrl?: string | null } = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.avatarUrl !== undefined) changes.avatarUrl = input.avatarUrl;
    if (Object.keys(changes).length > 0) {
      await this.users.updateProfile(caller.id, changes);
      // Cached principals carry the profile: every instance reloads it.
      await this.sessionCheck.forgetUser(caller.id);
    }
    const user = await this.users.findById(caller.id);
    if (!user) throw AppException.unauthorized();
    return { user: toUserView(user) };
  }

  providers(): AuthProvidersResult {
    return {
      google: this.config.oauth.google !== undefined,
      facebook: this.config.oauth.facebook !== undefined,
      passwordMinLength: this.config.auth.passwordMinLength,
      passwordRecommendedLength: PASSWORD_RECOMMENDED_LENGTH,
    };
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  private async queueEmail(tx: Database, to: string, template: EmailTemplate): Promise<void> {
    await this.outbox.add(tx, JobName.SendEmail, { to, ...renderEmail(template) });
  }

  /** Work whose duration must not show in the answer; failures are logged, never answered. */
  private runInBackground(work: () => Promise<void>): void {
    const running = work()
      .catch((error: unknown) => this.logger.error({ err: error }, 'Account email work failed'))
      .finally(() => this.background.delete(running));
    this.background.add(running);
  }
}

function badToken(): AppException {
  return AppException.validation(BAD_TOKEN, [{ field: 'token', messages: [BAD_TOKEN] }]);
}
