import { Injectable } from '@nestjs/common';

import {
  EffectivePermissions,
  PERMISSION_DESCRIPTIONS,
  Role,
  TeamMembershipProfile,
  TeamPermission,
  TeamRole,
  defaultTeamPermissions,
  effectivePermissions,
  holdsPermission,
  teamPermissions,
} from '@poscalls4u/contracts';

import { AuthUser, PermissionGrants } from '../../identity/access';
import { AppException } from '../../platform/http';
import { SecurityProfilesRepository } from './security-profiles.repository';

/**
 * Where a caller stands on a team permission in a team: they hold it; their roles give it by
 * default but the team's security profile withholds it; or it was never theirs there (not a
 * member, or not a default of their team role).
 */
export type Standing = 'held' | 'withheld' | 'none';

type Caller = Pick<AuthUser, 'id' | 'role'>;

/**
 * The team-scoped half of authorization: which team permissions a user holds in which team,
 * after each team's security profile. Services ask it after their visibility check (a team the
 * caller cannot see is 404 before any of this), so a withheld permission answers 403 with a
 * message naming it. Also the implementation of access's `PermissionGrants` port.
 */
@Injectable()
export class TeamAccess implements PermissionGrants {
  constructor(private readonly profiles: SecurityProfilesRepository) {}

  async permissionsOf(user: Caller): Promise<EffectivePermissions> {
    return effectivePermissions(user.role, await this.profiles.membershipsOf(user.id));
  }

  async grantedAnywhere(user: Caller, permission: TeamPermission): Promise<boolean> {
    return holdsPermission(await this.permissionsOf(user), permission);
  }

  async standing(user: Caller, teamId: string, permission: TeamPermission): Promise<Standing> {
    if (user.role === Role.Admin) return 'held';
    const membership = (await this.profiles.membershipsOf(user.id)).find(
      (team) => team.teamId === teamId,
    );
    return standingIn(user.role, membership, permission);
  }

  /**
   * Passes when the caller holds `permission` in the team; otherwise 403: naming the profile when
   * it withholds the permission, with `otherwise` when the caller never had it there.
   */
  async assertHolds(
    user: Caller,
    teamId: string,
    permission: TeamPermission,
    otherwise: string,
  ): Promise<void> {
    const standing = await this.standing(user, teamId, permission);
    if (standing === 'withheld') throw withheld(permission);
    if (standing === 'none') throw AppException.forbidden(otherwise);
  }

  /** The teams where the caller holds `permission` ('all' for admins). */
  async teamsHolding(user: Caller, permission: TeamPermission): Promise<string[] | 'all'> {
    if (user.role === Role.Admin) return 'all';
    return (await this.permissionsOf(user)).teams
      .filter((team) => team.permissions.includes(permission))
      .map((team) => team.teamId);
  }

  /**
   * Where the caller stands on `permission` over another user: through the teams (not archived)
   * both belong to, the member with `memberRole` when given. Held in one of them is enough;
   * withheld when only profiles stand in the way.
   */
  async standingOverMember(
    user: Caller,
    memberId: string,
    permission: TeamPermission,
    memberRole?: TeamRole,
  ): Promise<Standing> {
    if (user.role === Role.Admin) return 'held';
    const [mine, theirs] = await Promise.all([
      this.profiles.membershipsOf(user.id),
      this.profiles.teamRolesOf(memberId),
    ]);
    const shared = theirs
      .filter((team) => memberRole === undefined || team.teamRole === memberRole)
      .map((team) => mine.find((membership) => membership.teamId === team.teamId))
      .map((membership) => standingIn(user.role, membership, permission));
    if (shared.includes('held')) return 'held';
    return shared.includes('withheld') ? 'withheld' : 'none';
  }

  /** The 403 of a permission the team's security profile withholds. */
  withheld(permission: TeamPermission): AppException {
    return withheld(permission);
  }

  /** A team's members (for realtime rooms after a profile change). */
  memberIdsOf(teamId: string): Promise<string[]> {
    return this.profiles.memberIds(teamId);
  }
}

function standingIn(
  role: Role,
  membership: TeamMembershipProfile | undefined,
  permission: TeamPermission,
): Standing {
  if (role === Role.Admin) return 'held';
  if (!membership) return 'none';
  if (teamPermissions(role, membership.teamRole, membership.profile).includes(permission))
    return 'held';
  return defaultTeamPermissions(role, membership.teamRole).includes(permission)
    ? 'withheld'
    : 'none';
}

function withheld(permission: TeamPermission): AppException {
  return AppException.forbidden(
    `The team's security profile withholds ${permission} (${PERMISSION_DESCRIPTIONS[permission]}).`,
  );
}
