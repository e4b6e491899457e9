import { TeamPermission } from '@poscalls4u/contracts';

import { AuthUser } from './auth-user';

/**
 * Port: does a team's security profile grant this user a team permission their roles do not
 * give them by default? Declared here, implemented by teams (which owns the profiles) and found
 * by the guard at run time, so that access imports nothing above it.
 */
export abstract class PermissionGrants {
  abstract grantedAnywhere(user: AuthUser, permission: TeamPermission): Promise<boolean>;
}
