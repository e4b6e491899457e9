import {
  ExecutionContext,
  SetMetadata,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';

import { Role } from '@poscalls4u/contracts';

import { ApiErrors } from '../../platform/http';
import { AuthUser } from './auth-user';

export const AUTH_METADATA = 'poscalls4u:auth';

export type AuthRequirement = { public: true } | { public: false; minimumRole: Role };

/**
 * States who may call a route: any signed-in user, or at least `role` (admin > supervisor > agent).
 * It also documents the bearer requirement and the 401/403 answers in Swagger.
 * Routes without `@Authenticated()` or `@Public()` are refused: access is denied by default.
 */
export function Authenticated(options: { role?: Role } = {}) {
  const requirement: AuthRequirement = { public: false, minimumRole: options.role ?? Role.Agent };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, requirement),
    ApiBearerAuth(),
    ApiErrors(401, 403),
  );
}

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
