import { Inject, Injectable, Logger } from '@nestjs/common';

import { AuditAction, SessionView, UserView } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase, SessionRow } from '@poscalls4u/server-database';

import { AuditService } from '../../../platform/audit';
import { DomainEventMap, DomainEvents } from '../../../platform/events';
import { AppException } from '../../../platform/http';
import { RequestContext } from '../../../platform/http';
import { AuthUser } from '../../access/auth-user';
import { SessionCheck } from '../../access/session-check';
import { SessionTerminator } from '../../access/session-terminator';
import { TokenService } from '../../access/token.service';
import { hashToken, newOpaqueToken } from '../../stores/credentials/opaque-token';
import { SessionsRepository } from '../../stores/sessions/sessions.repository';
import { UserRecord } from '../../stores/users/users.repository';
import { UsersService, toUserView } from '../../stores/users/users.service';

export type SessionMethod = SessionView['method'];

/** Tokens of a fresh or refreshed session. */
export interface IssuedSession {
  token: string;
  expiresIn: number;
  refreshToken: string;
  sessionId: string;
  user: UserView;
}

/** A revoked session, for whoever must react at once (the realtime gateway disconnects its sockets). */
type SessionRevokedEvent = DomainEventMap['session.revoked'];

/**
 * Sessions: one per signed-in device. The access token names its session, and every request
 * checks that the session is still active (`SessionCheck`, in access), so a revocation (logout,
 * password change, deactivation...) ends its access tokens at once on every API instance.
 * The refresh token is opaque, stored hashed, and rotates on each use; presenting a used one
 * again means it was stolen, and the whole session ends.
 */
@Injectable()
export class SessionsService implements SessionTerminator {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    @InjectDatabase() private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: SessionsRepository,
    private readonly sessionCheck: SessionCheck,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Opens a session for a user who has just proven who they are. The caller passes the user row
   * it checked, so that a sign-in reads it once.
   */
  async start(
    user: UserRecord,
    method: SessionMethod,
    context: RequestContext,
  ): Promise<IssuedSession> {
    if (!user.isActive) throw AppException.unauthorized();
    // Asked before this session exists: a browser and address never seen for a user who had
    // signed in before. (The very first sign-in of an account is not news to its owner.)
    const newDevice = user.lastLoginAt !== null && !(await this.hasSignedInFrom(user.id, context));
    const refreshToken = newOpaqueToken();
    const session = await this.db.transaction(async (tx) => {
      const created = await this.repository.insertSession(
        {
          userId: user.id,
          method,
          device: deviceLabel(context.userAgent),
          ip: context.ip,
          userAgent: context.userAgent,
          expiresAt: new Date(Date.now() + this.config.auth.sessionMaxLifetimeSeconds * 1000),
        },
        tx,
      );
      await this.repository.insertRefreshToken(created.id, hashToken(refreshToken), tx);
      return created;
    });
    await this.users.recordLogin(user.id);
    // Every way in (password, MFA, OAuth) passes here: the notification centre hears it.
    this.events.publish('user.signed-in', {
      userId: user.id,
      sessionId: session.id,
      method,
      device: deviceLabel(context.userAgent) ?? 'An unknown browser',
      newDevice,
      at: session.createdAt.toISOString(),
    });
    const token = await this.tokens.issueAccessToken({ id: user.id, role: user.role }, session.id);
    return {
      token,
      expiresIn: this.tokens.accessTokenSeconds,
      refreshToken,
      sessionId: session.id,
      user: toUserView(user),
    };
  }

  /** Exchanges a refresh token for a new access token and a new refresh token. */
  async refresh(refreshToken: string, context: RequestContext): Promise<IssuedSession> {
    const outcome = await this.db.transaction(async (tx) => {
      const found = await this.repository.lockRefreshToken(hashToken(refreshToken), tx);
      if (!found) return { kind: 'unknown' as const };
      const { session } = found;
      if (found.usedAt) {
        // A rotated token came back: someone holds a copy. End the session for everyone.
        const ended = await this.repository.revoke(session.id, 'refresh_token_reuse', tx);
        return { kind: 'reuse' as const, session, ended };
      }
      if (!this.isActive(session)) return { kind: 'ended' as const };
      // The one read of the user in a refresh: its role goes into the new access token.
      const user = await this.users.findByIdInTransaction(session.userId, tx);
      if (!user?.isActive) return { kind: 'ended' as const };
      await this.repository.markRefreshTokenUsed(found.tokenId, tx);
      const next = newOpaqueToken();
      await this.repository.insertRefreshToken(session.id, hashToken(next), tx);
      await this.repository.touch(session.id, tx);
      return { kind: 'rotated' as const, session, user, next };
    });

    switch (outcome.kind) {
      case 'unknown':
      case 'ended':
        throw AppException.unauthorized('The session is over. Sign in again.');
      case 'reuse':
        if (outcome.ended) {
          await this.announce({
            userId: outcome.session.userId,
            sessionIds: [outcome.session.id],
            reason: 'refresh_token_reuse',
          });
        }
        await this.audit.record({
          action: AuditAction.RefreshTokenReuse,
          outcome: 'failure',
          context,
          actorId: outcome.session.userId,
          targetUserId: outcome.session.userId,
          details: { sessionId: outcome.session.id },
        });
        this.logger.warn(
          { sessionId: outcome.session.id, userId: outcome.session.userId },
          'Refresh token reused: session revoked',
        );
        throw AppException.unauthorized('The session is over. Sign in again.');
      case 'rotated': {
        const { user } = outcome;
        const token = await this.tokens.issueAccessToken(
          { id: user.id, role: user.role },
          outcome.session.id,
        );
        return {
          token,
          expiresIn: this.tokens.accessTokenSeconds,
          refreshToken: outcome.next,
          sessionId: outcome.session.id,
          user: toUserView(user),
        };
      }
    }
  }

  async revoke(sessionId: string, userId: string, reason: string): Promise<void> {
    if (await this.repository.revoke(sessionId, reason)) {
      await this.announce({ userId, sessionIds: [sessionId], reason });
    }
  }

  /**
   * Ends every session of a user (but `exceptSessionId`); answers how many ended. Call it after
   * the transaction of the change that causes it has committed.
   */
  async revokeAllForUser(
    userId: string,
    reason: string,
    options: { exceptSessionId?: string } = {},
  ): Promise<number> {
    const ended = await this.repository.revokeAllForUser(userId, reason, options.exceptSessionId);
    if (ended.length > 0) await this.announce({ userId, sessionIds: ended, reason });
    return ended.length;
  }

  /** `SessionTerminator`: a supervisor signs an agent out (presence checks who may). */
  endAllSessions(userId: string, reason: string): Promise<number> {
    return this.revokeAllForUser(userId, reason);
  }

  /** Whether the user signed in before with this address and user agent. */
  hasSignedInFrom(userId: string, context: RequestContext): Promise<boolean> {
    return this.repository.hasSignedInFrom(userId, context.ip, context.userAgent);
  }

  async list(caller: AuthUser): Promise<SessionView[]> {
    const rows = await this.repository.listActive(caller.id, this.idleSince());
    return rows.map((row) => toSessionView(row, caller.sessionId));
  }

  /** Ends one of the caller's own sessions; another user's session id is answered as unknown. */
  async revokeOwn(caller: AuthUser, sessionId: string, context: RequestContext): Promise<void> {
    const session = await this.repository.findForUser(sessionId, caller.id);
    if (!session || session.revokedAt || !this.isActive(session))
      throw AppException.notFound('No such session.');
    await this.revoke(session.id, caller.id, 'revoked_by_user');
    await this.audit.record({
      action: AuditAction.SessionRevoked,
      outcome: 'success',
      context,
      actorId: caller.id,
      targetUserId: caller.id,
      details: { sessionId },
    });
  }

  async removeEnded(): Promise<void> {
    const dayMs = 24 * 3600 * 1000;
    await this.repository.deleteEndedBefore(
      new Date(Date.now() - this.config.auth.sessionIdleSeconds * 1000 - dayMs),
    );
  }

  /** Evicts the sessions from every instance's cache, then tells local listeners (sockets). */
  private async announce(event: SessionRevokedEvent): Promise<void> {
    await this.sessionCheck.forgetSessions(event.sessionIds);
    this.events.publish('session.revoked', event);
  }

  private idleSince(): Date {
    return new Date(Date.now() - this.config.auth.sessionIdleSeconds * 1000);
  }

  private isActive(session: SessionRow): boolean {
    const now = Date.now();
    return (
      session.revokedAt === null &&
      session.expiresAt.getTime() > now &&
      session.lastUsedAt.getTime() > now - this.config.auth.sessionIdleSeconds * 1000
    );
  }
}

function toSessionView(row: SessionRow, currentSessionId: string): SessionView {
  return {
    id: row.id,
    method: row.method as SessionMethod,
    device: row.device,
    ip: row.ip,
    userAgent: row.userAgent,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    current: row.id === currentSessionId,
  };
}

/** "Chrome on Windows", "curl": a short label people recognise in their session list. */
export function deviceLabel(userAgent: string): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\/|Chromium\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : (userAgent.split(/[\s/]/)[0] ?? 'Unknown');
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Android/.test(userAgent)
      ? 'Android'
      : /iPhone|iPad/.test(userAgent)
        ? 'iOS'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  return os ? `${browser} on ${os}` : browser;
}
