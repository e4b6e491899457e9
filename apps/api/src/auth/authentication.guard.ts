import { ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';

import { Role, hasRoleAtLeast } from '@poscalls4u/contracts';

import { AppException } from '../common/app.exception';
import { SettingsService } from '../settings/settings.service';
import { AuthUser } from './auth-user';
import { AUTH_METADATA, AuthRequirement } from './auth.decorators';
import { ALLOW_WITHOUT_MFA_METADATA } from './mfa-policy.decorator';

// The MFA policy is read at most this often per instance: a change applies within seconds.
const POLICY_CACHE_MS = 5_000;

/**
 * The one global guard. Deny by default: a route must say `@Public()` or `@Authenticated()`.
 * Ownership checks (is this *your* resource?) live in the services.
 * When the organisation requires MFA for privileged users, a supervisor or admin without it
 * reaches only the routes marked `@AllowWithoutMfa()` (enough to set it up).
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard('jwt') {
  private policy?: { requireMfaForPrivileged: boolean; readAt: number };
  private settings?: SettingsService;

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
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
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
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

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false): TUser {
    if (error || !user) throw AppException.unauthorized('A valid access token is required.');
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
