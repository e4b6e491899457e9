import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';

import { Role, hasRoleAtLeast } from '@poscalls4u/contracts';

import { AppException } from '../../platform/http';
import { SettingsService } from '../flows/security-settings/settings.service';
import { SessionsService } from '../flows/sessions/sessions.service';
import { AuthUser } from './auth-user';
import { AUTH_METADATA, AuthRequirement } from './auth.decorators';
import { ALLOW_WITHOUT_MFA_METADATA } from './mfa-policy.decorator';
import { TokenService } from './token.service';

// The MFA policy is read at most this often per instance: a change applies within seconds.
const POLICY_CACHE_MS = 5_000;
const BEARER = /^Bearer\s+(\S+)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one global guard. Deny by default: a route must say `@Public()` or `@Authenticated()`.
 * Ownership checks (is this *your* resource?) live in the services.
 * When the organisation requires MFA for privileged users, a supervisor or admin without it
 * reaches only the routes marked `@AllowWithoutMfa()` (enough to set it up).
 *
 * The bearer token goes through the same check as a Socket.IO handshake
 * (`TokenService.verifyAccessToken`: pinned algorithm, issuer, audience, expiry, no foreign key
 * headers, `typ: access`), then its session must be active for an active user; the role comes
 * from the database, never from the token.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private policy?: { requireMfaForPrivileged: boolean; readAt: number };
  private settings?: SettingsService;

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Socket.IO messages come from connections the gateway's handshake already authenticated
    // (guards do not run on connect); this guard is for HTTP.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(
      AUTH_METADATA,
      targets,
    );
    if (requirement?.public) return true;
    if (!requirement) {
      // A route someone forgot to annotate: refuse rather than expose it.
      throw AppException.forbidden('This route is not open to anyone.');
    }
    const request = context.switchToHttp().getRequest<{
      headers: { authorization?: string };
      user?: AuthUser;
    }>();
    const user = await this.authenticate(request.headers.authorization);
    request.user = user;
    if (!hasRoleAtLeast(user.role, requirement.minimumRole)) {
      throw AppException.forbidden(`This requires the ${requirement.minimumRole} role or above.`);
    }
    if (
      !user.mfaEnabled &&
      hasRoleAtLeast(user.role, Role.Supervisor) &&
      !this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_WITHOUT_MFA_METADATA, targets) &&
      (await this.requiresMfaForPrivileged())
    ) {
      throw AppException.forbidden('Set up two-factor authentication to continue.');
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    const claims = token ? await this.tokens.verifyAccessToken(token) : undefined;
    const user =
      claims && UUID.test(claims.sid) && UUID.test(claims.sub)
        ? await this.sessions.authenticate(claims.sid, claims.sub)
        : undefined;
    if (!user) throw AppException.unauthorized('A valid access token is required.');
    return user;
  }

  /** A failed read throws (and the request fails) rather than waving the user through. */
  private async requiresMfaForPrivileged(): Promise<boolean> {
    const now = Date.now();
    if (this.policy && now - this.policy.readAt < POLICY_CACHE_MS) {
      return this.policy.requireMfaForPrivileged;
    }
    // Resolved on first use: the guard is global and SettingsModule is not one of AuthModule's imports.
    this.settings ??= this.moduleRef.get(SettingsService, { strict: false });
    const { requireMfaForPrivileged } = await this.settings.getSecurity();
    this.policy = { requireMfaForPrivileged, readAt: now };
    return requireMfaForPrivileged;
  }
}
