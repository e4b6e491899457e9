import { Inject, Injectable, Logger } from '@nestjs/common';

import { AuditAction } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase } from '@poscalls4u/server-database';
import { JobName } from '@poscalls4u/server-jobs';
import { renderEmail } from '@poscalls4u/server-mail';

import { AuditService } from '../../../platform/audit';
import { RequestContext } from '../../../platform/http';
import { OutboxService } from '../../../platform/outbox';
import {
  OneTimeTokensService,
  RESET_PASSWORD_TTL_SECONDS,
} from '../../stores/credentials/one-time-tokens.service';
import { UsersService } from '../../stores/users/users.service';

/**
 * Locks an account after `LOCKOUT_THRESHOLD` consecutive failed sign-ins (wrong passwords and
 * wrong MFA codes alike) for `LOCKOUT_DURATION`. The counter lives in the database, on the user
 * row, so it is shared by every API instance and by the case variants of an email (emails are
 * stored normalized). A success, a password reset or an admin ends it.
 */
@Injectable()
export class LockoutService {
  private readonly logger = new Logger(LockoutService.name);

  constructor(
    @InjectDatabase() private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly tokens: OneTimeTokensService,
  ) {}

  isLocked(user: { lockedUntil: Date | null }): boolean {
    return user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now();
  }

  /** Counts a failure; at the threshold, locks the account, emails its owner and audits it. */
  async recordFailure(userId: string, context: RequestContext): Promise<void> {
    const { lockoutThreshold, lockoutSeconds } = this.config.auth;
    const locked = await this.db.transaction(async (tx) => {
      const outcome = await this.users.registerFailure(
        userId,
        lockoutThreshold,
        lockoutSeconds,
        tx,
      );
      if (!outcome?.lockedUntil) return undefined;
      // A reset unlocks at once; the link goes only to the owner's mailbox.
      const resetToken = await this.tokens.issue(
        userId,
        'reset_password',
        RESET_PASSWORD_TTL_SECONDS,
        tx,
      );
      const email = renderEmail({
        kind: 'account-locked',
        name: outcome.name,
        failedAttempts: outcome.failedLoginCount,
        lockedMinutes: Math.ceil(lockoutSeconds / 60),
        resetUrl: `${this.config.publicUrl}/agent/reset-password?token=${resetToken}`,
      });
      await this.outbox.add(tx, JobName.SendEmail, { to: outcome.email, ...email });
      await this.audit.record(
        {
          action: AuditAction.Lockout,
          outcome: 'success',
          context,
          targetUserId: userId,
          details: {
            failedLoginCount: outcome.failedLoginCount,
            lockedUntil: outcome.lockedUntil.toISOString(),
          },
        },
        tx,
      );
      return outcome;
    });
    if (locked) {
      this.outbox.dispatchSoon();
      this.logger.warn({ userId, lockedUntil: locked.lockedUntil }, 'Account locked');
    }
  }

  /** A successful sign-in: the failures before it no longer count. */
  recordSuccess(userId: string): Promise<void> {
    return this.users.clearFailures(userId);
  }

  /** Ends a lockout at once (password reset, admin). */
  unlock(userId: string): Promise<void> {
    return this.users.clearFailures(userId);
  }
}
