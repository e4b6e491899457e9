import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';

import {
  PERMISSION_DESCRIPTIONS,
  Permission,
  Role,
  defaultTeamPermissions,
  hasRoleAtLeast,
  isTeamPermission,
  roleHasPermission,
} from '@poscalls4u/contracts';

import { AppException } from '../../platform/http';
import { AuthUser } from './auth-user';
import { AUTH_METADATA, AuthRequirement } from './auth.decorators';
import { ALLOW_WITHOUT_MFA_METADATA } from './mfa-policy.decorator';
import { PermissionGrants } from './permission-grants';
import { SecurityPolicy } from './security-policy';
import { SessionCheck } from './session-check';
import { TokenService } from './token.service';
import { WallboardLinks, WallboardPrincipal } from './wallboard-credentials';

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
 *
 * A route's `permission` is checked here as far as it can be without knowing the team: an
 * organisation permission must come with the role; a team permission must be one the caller may
 * hold somewhere (their roles' defaults, or a grant of one of their teams' profiles). Whether
 * they hold it in the team the request is about is the service's check (404 for a team they
 * cannot see, then 403 when the team's profile withholds it).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionCheck,
    private readonly policy: SecurityPolicy,
    private readonly modules: ModuleRef,
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
      wallboard?: WallboardPrincipal;
    }>();
    if ('wallboard' in requirement) {
      request.wallboard = await this.authenticateWallboard(request.headers.authorization);
      return true;
    }
    const user = await this.authenticate(request.headers.authorization);
    request.user = user;
    if (!hasRoleAtLeast(user.role, requirement.minimumRole)) {
      throw AppException.forbidden(`This requires the ${requirement.minimumRole} role or above.`);
    }
    if (requirement.permission && !(await this.mayHold(user, requirement.permission))) {
      throw AppException.forbidden(
        `This requires the ${requirement.permission} permission (${PERMISSION_DESCRIPTIONS[requirement.permission]}).`,
      );
    }
    if (
      !user.mfaEnabled &&
      hasRoleAtLeast(user.role, Role.Supervisor) &&
      !this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_WITHOUT_MFA_METADATA, targets) &&
      (await this.policy.requiresMfaForPrivileged())
    ) {
      throw AppException.mfaSetupRequired('Set up two-factor authentication to continue.');
    }
    return true;
  }

  private async mayHold(user: AuthUser, permission: Permission): Promise<boolean> {
    if (roleHasPermission(user.role, permission)) return true;
    if (!isTeamPermission(permission)) return false;
    const teamRole = user.role === Role.Agent ? 'agent' : 'supervisor';
    if (defaultTeamPermissions(user.role, teamRole).includes(permission)) return true;
    return this.grants().grantedAnywhere(user, permission);
  }

  /** The profiles' grants, from teams (resolved at run time: access imports nothing above it). */
  private grants(): PermissionGrants {
    return this.modules.get(PermissionGrants, { strict: false });
  }

  /** A wallboard token of a link still in force (asked on every request: revocation is at once). */
  private async authenticateWallboard(header: string | undefined): Promise<WallboardPrincipal> {
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    const claims = token ? await this.tokens.verifyWallboardToken(token) : undefined;
    const teamIds =
      claims && UUID.test(claims.linkId)
        ? await this.modules.get(WallboardLinks, { strict: false }).activeTeams(claims.linkId)
        : undefined;
    if (!claims || !teamIds)
      throw AppException.unauthorized('A valid wallboard token of a link in force is required.');
    return { linkId: claims.linkId, teamIds };
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
}
