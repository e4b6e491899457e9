import { Inject, Injectable, Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import { AdminUserView, AuditAction, DEFAULT_PAGE_SIZE, Page, Role } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase } from '@poscalls4u/server-database';
import { JobName } from '@poscalls4u/server-jobs';
import { renderEmail } from '@poscalls4u/server-mail';

import { AuditService } from '../../../platform/audit';
import { AppException } from '../../../platform/http';
import { RequestContext } from '../../../platform/http';
import { OutboxService } from '../../../platform/outbox';
import { AuthUser } from '../../access/auth-user';
import { OneTimeTokensService } from '../../stores/credentials/one-time-tokens.service';
import { UserRecord } from '../../stores/users/users.repository';
import { UsersService, toUserView } from '../../stores/users/users.service';
import { SessionsService } from '../sessions/sessions.service';
import { InviteUserDto } from './dto/invite-user.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';

const INVITE_VALID_DAYS = 7;
// Any fixed number; only changes of role or active flag take this lock.
const ADMIN_CHANGES_LOCK_ID = 4_242_003;

/** What admins do to other accounts: list, invite, change role or active flag, unlock. */
@Injectable()
export class UsersAdminService {
  private readonly logger = new Logger(UsersAdminService.name);

  constructor(
    @InjectDatabase() private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly tokens: OneTimeTokensService,
  ) {}

  async list(query: ListUsersQueryDto): Promise<Page<AdminUserView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { rows, total } = await this.users.list({
      search: query.search || undefined,
      role: query.role,
      active: query.active,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const pending = await this.users.pendingInvitations(rows);
    return {
      items: rows.map((user) => toAdminUserView(user, pending.has(user.id))),
      total,
      page,
      pageSize,
    };
  }

  /**
   * Creates a verified account without a password and emails its owner a single-use link to
   * choose one (the reset-password flow redeems `invite` tokens). The account, the token, the
   * email and the audit event commit together or not at all.
   */
  async invite(
    admin: AuthUser,
    input: InviteUserDto,
    context: RequestContext,
  ): Promise<AdminUserView> {
    const user = await this.db.transaction(async (tx) => {
      const created = await this.users.create(
        {
          email: input.email,
          name: input.name,
          passwordHash: null,
          role: input.role,
          emailVerified: true,
        },
        tx,
      );
      if (!created) throw AppException.conflict('An account with this email already exists.');
      const token = await this.tokens.issue(
        created.id,
        'invite',
        INVITE_VALID_DAYS * 24 * 3600,
        tx,
      );
      const email = renderEmail({
        kind: 'invite',
        name: created.name,
        invitedBy: admin.name,
        role: created.role,
        acceptUrl: `${this.config.publicUrl}/agent/reset-password?token=${token}&invite=1`,
        expiresInDays: INVITE_VALID_DAYS,
      });
      await this.outbox.add(tx, JobName.SendEmail, { to: created.email, ...email });
      await this.audit.record(
        {
          action: AuditAction.UserInvited,
          outcome: 'success',
          context,
          actorId: admin.id,
          targetUserId: created.id,
          details: { role: created.role },
        },
        tx,
      );
      return created;
    });
    this.outbox.dispatchSoon();
    this.logger.log({ userId: user.id, role: user.role, by: admin.id }, 'User invited');
    return toAdminUserView(user, true);
  }

  /**
   * Changes a user's role and/or active flag. The organisation must always keep an active
   * admin, and an admin cannot lock themselves out by mistake: another admin must do it.
   * A role change or a deactivation ends the user's sessions at once.
   */
  async update(
    admin: AuthUser,
    userId: string,
    input: UpdateUserDto,
    context: RequestContext,
  ): Promise<AdminUserView> {
    const { before, after } = await this.db.transaction(async (tx) => {
      // Serializes these changes, so two admins demoting each other at the same moment cannot
      // both pass the last-admin check below.
      await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_CHANGES_LOCK_ID})`);
      const current = await this.users.findByIdInTransaction(userId, tx);
      if (!current) throw AppException.notFound('No such user.');
      const role = input.role ?? current.role;
      const isActive = input.isActive ?? current.isActive;
      if (role === current.role && isActive === current.isActive) {
        return { before: current, after: current };
      }

      const losesAdmin =
        current.role === Role.Admin && current.isActive && (role !== Role.Admin || !isActive);
      if (losesAdmin && current.id === admin.id) {
        throw AppException.conflict(
          'You cannot remove your own admin role or deactivate yourself; ask another admin to do it.',
        );
      }
      if (losesAdmin && (await this.users.countActiveAdmins(tx)) <= 1) {
        throw AppException.conflict(
          'This is the last active admin; make another user admin first.',
        );
      }

      const updated = await this.users.setRoleAndActive(userId, { role, isActive }, tx);
      if (!updated) throw AppException.notFound('No such user.');
      if (role !== current.role) {
        await this.audit.record(
          {
            action: AuditAction.RoleChanged,
            outcome: 'success',
            context,
            actorId: admin.id,
            targetUserId: userId,
            details: { oldRole: current.role, newRole: role },
          },
          tx,
        );
      }
      if (isActive !== current.isActive) {
        await this.audit.record(
          {
            action: AuditAction.ActiveChanged,
            outcome: 'success',
            context,
            actorId: admin.id,
            targetUserId: userId,
            details: { oldActive: current.isActive, newActive: isActive },
          },
          tx,
        );
      }
      return { before: current, after: updated };
    });

    // After the commit, so that sessions end only for a change that happened; the sessions
    // service also runs its own queries, which on PGlite's single connection would wait for
    // this transaction to end.
    if (before.isActive && !after.isActive) {
      await this.sessions.revokeAllForUser(userId, 'deactivated');
    } else if (after.role !== before.role) {
      await this.sessions.revokeAllForUser(userId, 'role_changed');
    }
    return toAdminUserView(after, (await this.users.pendingInvitations([after])).has(after.id));
  }

  /** Ends a lockout before it expires (the owner called the help desk). */
  async unlock(admin: AuthUser, userId: string, context: RequestContext): Promise<AdminUserView> {
    const before = await this.users.findById(userId);
    if (!before) throw AppException.notFound('No such user.');
    const after = await this.users.clearLockout(userId);
    if (!after) throw AppException.notFound('No such user.');
    await this.audit.record({
      action: AuditAction.Unlock,
      outcome: 'success',
      context,
      actorId: admin.id,
      targetUserId: userId,
      details: {
        failedLoginCount: before.failedLoginCount,
        lockedUntil: before.lockedUntil?.toISOString() ?? null,
      },
    });
    return toAdminUserView(after, (await this.users.pendingInvitations([after])).has(after.id));
  }
}

function toAdminUserView(user: UserRecord, invitationPending: boolean): AdminUserView {
  // A lockout that has run out no longer matters; showing its old end would read as "locked".
  const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now();
  return {
    ...toUserView(user),
    lockedUntil: locked ? (user.lockedUntil?.toISOString() ?? null) : null,
    failedLoginCount: user.failedLoginCount,
    invitationPending,
  };
}
