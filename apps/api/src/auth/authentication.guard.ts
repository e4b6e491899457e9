import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';

import { hasRoleAtLeast } from '@poscalls4u/contracts';

import { AppException } from '../common/app.exception';
import { AuthUser } from './auth-user';
import { AUTH_METADATA, AuthRequirement } from './auth.decorators';

/**
 * The one global guard. Deny by default: a route must say `@Public()` or `@Authenticated()`.
 * Ownership checks (is this *your* resource?) live in the services.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(
      AUTH_METADATA,
      [context.getHandler(), context.getClass()],
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
    return true;
  }

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false): TUser {
    if (error || !user) throw AppException.unauthorized('A valid access token is required.');
    return user;
  }
}
