import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { ActivePrincipals } from './active-principals';
import { AuthUser } from './auth-user';
import { SessionCache } from './session-cache';

// A session's last use is written at most this often, not on every request.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Whether the session of an access token still counts, for the HTTP guard and the Socket.IO
 * handshake alike. Every request checks that the session is active in the database (through a
 * short-lived cache that revocations evict on every instance), so a revocation (logout, password
 * change, deactivation...) ends its access tokens at once.
 */
@Injectable()
export class SessionCheck {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly principals: ActivePrincipals,
    private readonly cache: SessionCache,
  ) {}

  /** The principal of a request's access token, or undefined when its session no longer counts. */
  async authenticate(sessionId: string, userId: string): Promise<AuthUser | undefined> {
    const cached = this.cache.get(sessionId);
    if (cached) return cached.id === userId ? cached : undefined;
    const generation = this.cache.currentGeneration();
    const principal = await this.principals.findActivePrincipal(
      sessionId,
      userId,
      new Date(Date.now() - this.config.auth.sessionIdleSeconds * 1000),
    );
    if (!principal) return undefined;
    if (Date.now() - principal.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.principals.touch(sessionId);
    }
    const user: AuthUser = {
      id: principal.userId,
      email: principal.email,
      name: principal.name,
      role: principal.role,
      sessionId: principal.sessionId,
      mfaEnabled: principal.mfaEnabled,
      profile: {
        id: principal.userId,
        name: principal.name,
        email: principal.email,
        role: principal.role,
        emailVerified: principal.emailVerifiedAt !== null,
        mfaEnabled: principal.mfaEnabled,
        // Only active users have a principal at all.
        isActive: true,
        avatarUrl: principal.avatarUrl,
        createdAt: principal.createdAt.toISOString(),
        lastLoginAt: principal.lastLoginAt?.toISOString() ?? null,
      },
    };
    this.cache.set(user, generation);
    return user;
  }

  /** Call after changing what the principal carries (name, MFA): every instance reloads it. */
  forgetUser(userId: string): Promise<void> {
    return this.cache.invalidate({ userId });
  }

  /** Call after revoking sessions: no instance serves them from its cache any more. */
  forgetSessions(sessionIds: string[]): Promise<void> {
    return this.cache.invalidate({ sessionIds });
  }
}
