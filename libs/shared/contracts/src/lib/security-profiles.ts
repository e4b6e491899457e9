import {
  Permission,
  ROLE_PERMISSIONS,
  Role,
  TEAM_PERMISSIONS,
  TeamPermission,
  isTeamPermission,
} from './roles';
import { TeamRole } from './teams';

/**
 * Security profiles (Amazon Connect's name): a team adjusts what its members may do there. Each
 * member starts from the defaults of their roles (`defaultTeamPermissions`); the team's profile
 * then grants or withholds team permissions, separately for its agents and its supervisors.
 * Admins are above profiles: they hold every permission in every team.
 */

/** What a profile changes for one kind of member. A permission is in one list at most. */
export interface SecurityProfileRules {
  grant: TeamPermission[];
  withhold: TeamPermission[];
}

/** A team's security profile, as `GET/PUT /api/teams/:id/security-profile` read and write it. */
export interface TeamSecurityProfile {
  /** For the members whose team role is agent. */
  agents: SecurityProfileRules;
  /** For the members whose team role is supervisor. */
  supervisors: SecurityProfileRules;
}

/** The profile of a team that never set one: the defaults, unchanged. */
export const DEFAULT_SECURITY_PROFILE: TeamSecurityProfile = {
  agents: { grant: [], withhold: [] },
  supervisors: { grant: [], withhold: [] },
};

/** A team role's defaults, as they were before profiles existed. */
const TEAM_ROLE_DEFAULTS: Record<TeamRole, readonly TeamPermission[]> = {
  agent: [Permission.CallsOutbound, Permission.CallsExport, Permission.ChatDirect],
  supervisor: TEAM_PERMISSIONS,
};

/**
 * The team permissions a member holds by default: their team role's defaults. A supervisor
 * (organisation role) who is an agent in a team also reads that team's calls there, as before.
 * Admins hold all of them.
 */
export function defaultTeamPermissions(role: Role, teamRole: TeamRole): TeamPermission[] {
  if (role === Role.Admin) return [...TEAM_PERMISSIONS];
  const defaults = new Set<TeamPermission>(TEAM_ROLE_DEFAULTS[teamRole]);
  if (role === Role.Supervisor) defaults.add(Permission.CallsReadTeam);
  return TEAM_PERMISSIONS.filter((permission) => defaults.has(permission));
}

/** The team permissions a member holds in one team: the defaults, then the team's profile. */
export function teamPermissions(
  role: Role,
  teamRole: TeamRole,
  profile: TeamSecurityProfile | null | undefined,
): TeamPermission[] {
  const held = new Set(defaultTeamPermissions(role, teamRole));
  if (role !== Role.Admin && profile) {
    const rules = teamRole === 'supervisor' ? profile.supervisors : profile.agents;
    for (const permission of rules.grant) held.add(permission);
    for (const permission of rules.withhold) held.delete(permission);
  }
  return TEAM_PERMISSIONS.filter((permission) => held.has(permission));
}

/** One team a user belongs to, with the team's profile (null: the defaults). */
export interface TeamMembershipProfile {
  teamId: string;
  teamRole: TeamRole;
  profile: TeamSecurityProfile | null;
}

/** What a user may do: everywhere, and in each of their teams. */
export interface EffectivePermissions {
  role: Role;
  /** Permissions that hold everywhere (for admins: every permission, in every team). */
  global: Permission[];
  /** For each team the user belongs to (not archived): the team permissions they hold there. */
  teams: { teamId: string; teamRole: TeamRole; permissions: TeamPermission[] }[];
}

/** `GET /api/auth/permissions`: the signed-in user's effective permissions. */
export type MyPermissionsView = EffectivePermissions;

/** `data` of `GET /api/auth/permissions`. */
export interface MyPermissionsResult {
  permissions: MyPermissionsView;
}

/** `data` of `GET/PUT /api/teams/:id/security-profile`. */
export interface TeamSecurityProfileResult {
  securityProfile: TeamSecurityProfile;
}

/** The signed-in user's permissions, from their organisation role and their teams' profiles. */
export function effectivePermissions(
  role: Role,
  teamProfiles: readonly TeamMembershipProfile[],
): EffectivePermissions {
  return {
    role,
    global: [...ROLE_PERMISSIONS[role]],
    teams: teamProfiles.map(({ teamId, teamRole, profile }) => ({
      teamId,
      teamRole,
      permissions: teamPermissions(role, teamRole, profile),
    })),
  };
}

/**
 * True when `permissions` allow `permission`: everywhere (a global permission), or in `teamId`
 * (a team permission; without a team, in at least one of the user's teams).
 */
export function holdsPermission(
  permissions: EffectivePermissions,
  permission: Permission,
  teamId?: string,
): boolean {
  if (permissions.global.includes(permission)) return true;
  if (!isTeamPermission(permission)) return false;
  return permissions.teams.some(
    (team) =>
      (teamId === undefined || team.teamId === teamId) && team.permissions.includes(permission),
  );
}

/**
 * The problems of a profile sent to the API, by field (`agents.grant`...): each entry must be a
 * team permission, and a permission may not be granted and withheld at once. Empty: valid.
 */
export function securityProfileProblems(
  profile: Record<'agents' | 'supervisors', Record<'grant' | 'withhold', readonly string[]>>,
): { field: string; messages: string[] }[] {
  const problems: { field: string; messages: string[] }[] = [];
  for (const kind of ['agents', 'supervisors'] as const) {
    for (const list of ['grant', 'withhold'] as const) {
      const unknown = profile[kind][list].filter((entry) => !isTeamPermission(entry));
      if (unknown.length > 0) {
        problems.push({
          field: `${kind}.${list}`,
          messages: [
            `unknown team permission: ${unknown.join(', ')} (one of ${TEAM_PERMISSIONS.join(', ')})`,
          ],
        });
      }
    }
    const both = profile[kind].grant.filter((entry) => profile[kind].withhold.includes(entry));
    if (both.length > 0) {
      problems.push({
        field: `${kind}.withhold`,
        messages: [`granted and withheld at once: ${[...new Set(both)].join(', ')}`],
      });
    }
  }
  return problems;
}
