import {
  ExecutionContext,
  SetMetadata,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';

import { PERMISSION_DESCRIPTIONS, Permission, Role } from '@poscalls4u/contracts';

import { ApiErrors } from '../../platform/http';
import { AuthUser } from './auth-user';
import { WallboardPrincipal } from './wallboard-credentials';

export const AUTH_METADATA = 'poscalls4u:auth';

export type AuthRequirement =
  | { public: true }
  | { public: false; minimumRole: Role; permission?: Permission }
  | { public: false; wallboard: true };

/**
 * States who may call a route: any signed-in user, at least `role` (admin > supervisor > agent),
 * and/or a `permission` of the vocabulary. An organisation permission must come with the role; a
 * team permission must be one the caller may hold in some team (their roles' defaults, or a
 * team's security profile granting it): the service then checks it in the team the request is
 * about. It also documents the bearer requirement and the 401/403 answers in Swagger.
 * Routes without `@Authenticated()` or `@Public()` are refused: access is denied by default.
 */
export function Authenticated(options: { role?: Role; permission?: Permission } = {}) {
  const requirement: AuthRequirement = {
    public: false,
    minimumRole: options.role ?? Role.Agent,
    permission: options.permission,
  };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, requirement),
    ApiBearerAuth(),
    ApiErrors(401, 403),
    ...(options.role ? [ApiExtension('x-role', options.role)] : []),
    ...(options.permission
      ? [
          ApiExtension('x-permission', options.permission),
          ApiExtension('x-permission-description', PERMISSION_DESCRIPTIONS[options.permission]),
        ]
      : []),
  );
}

/**
 * A wallboard route: only a wallboard token (`wallboard-credentials.ts`) of a link still in force
 * passes, and no user token does. The service reads its teams from `@CurrentWallboard()`.
 */
export function WallboardAuthenticated() {
  const requirement: AuthRequirement = { public: false, wallboard: true };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, requirement),
    ApiBearerAuth(),
    ApiErrors(401),
    ApiExtension('x-credential', 'wallboard'),
  );
}

/** The wallboard link calling a `@WallboardAuthenticated()` route. */
export const CurrentWallboard = createParamDecorator(
  (_data: unknown, context: ExecutionContext): WallboardPrincipal => {
    return context.switchToHttp().getRequest<{ wallboard: WallboardPrincipal }>().wallboard;
  },
);

/** Opens a route to anonymous callers (sign-in, sign-up, health). */
export function Public() {
  const requirement: AuthRequirement = { public: true };
  return SetMetadata(AUTH_METADATA, requirement);
}

/** The signed-in user of the request. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser => {
    return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
  },
);
