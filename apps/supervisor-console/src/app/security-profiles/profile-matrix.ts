import {
  PERMISSION_DESCRIPTIONS,
  Role,
  TEAM_PERMISSIONS,
  TeamPermission,
  TeamRole,
  TeamSecurityProfile,
  defaultTeamPermissions,
} from '@poscalls4u/contracts';

/** The two kinds of member a profile speaks to, as the profile names them. */
export type ProfileKind = keyof TeamSecurityProfile;

export const PROFILE_KINDS: readonly ProfileKind[] = ['agents', 'supervisors'];

const TEAM_ROLE: Record<ProfileKind, TeamRole> = { agents: 'agent', supervisors: 'supervisor' };

/**
 * A member's defaults by their team role. The organisation role that usually goes with it is used
 * (agents are agents, supervisors supervisors); the one exception, a supervisor who is an agent
 * in a team and also reads its calls by default, is stated on the page.
 */
function defaultsOf(kind: ProfileKind): readonly TeamPermission[] {
  const teamRole = TEAM_ROLE[kind];
  return defaultTeamPermissions(teamRole === 'agent' ? Role.Agent : Role.Supervisor, teamRole);
}

/** One cell of the editor: does this kind of member hold the permission, and is that the default. */
interface ProfileCell {
  held: boolean;
  byDefault: boolean;
}

export interface ProfileRow {
  permission: TeamPermission;
  description: string;
  cells: Record<ProfileKind, ProfileCell>;
}

/** The editor's table: every team permission, for agents and supervisors, after the profile. */
export function profileRows(profile: TeamSecurityProfile): ProfileRow[] {
  return TEAM_PERMISSIONS.map((permission) => {
    const cell = (kind: ProfileKind): ProfileCell => {
      const byDefault = defaultsOf(kind).includes(permission);
      const rules = profile[kind];
      const held = rules.grant.includes(permission)
        ? true
        : rules.withhold.includes(permission)
          ? false
          : byDefault;
      return { held, byDefault };
    };
    return {
      permission,
      description: PERMISSION_DESCRIPTIONS[permission],
      cells: { agents: cell('agents'), supervisors: cell('supervisors') },
    };
  });
}

/**
 * The profile after `kind` is set to hold (or not) `permission`: a grant or a withhold only where
 * it differs from the defaults, so a profile never carries a rule that changes nothing.
 */
export function setHeld(
  profile: TeamSecurityProfile,
  kind: ProfileKind,
  permission: TeamPermission,
  held: boolean,
): TeamSecurityProfile {
  const byDefault = defaultsOf(kind).includes(permission);
  const without = (list: readonly TeamPermission[]) => list.filter((entry) => entry !== permission);
  const grant = without(profile[kind].grant);
  const withhold = without(profile[kind].withhold);
  if (held && !byDefault) grant.push(permission);
  if (!held && byDefault) withhold.push(permission);
  const order = (list: TeamPermission[]) =>
    TEAM_PERMISSIONS.filter((entry) => list.includes(entry));
  return { ...profile, [kind]: { grant: order(grant), withhold: order(withhold) } };
}

/** True when the two profiles hold the same rules (order aside). */
export function sameProfile(a: TeamSecurityProfile, b: TeamSecurityProfile): boolean {
  return PROFILE_KINDS.every((kind) =>
    (['grant', 'withhold'] as const).every(
      (list) =>
        a[kind][list].length === b[kind][list].length &&
        a[kind][list].every((entry) => b[kind][list].includes(entry)),
    ),
  );
}

/** What saving `next` over `saved` changes, one line per kind of member, for the confirmation. */
export function describeChanges(saved: TeamSecurityProfile, next: TeamSecurityProfile): string[] {
  const before = profileRows(saved);
  const after = profileRows(next);
  const lines: string[] = [];
  for (const kind of PROFILE_KINDS) {
    const gained: string[] = [];
    const lost: string[] = [];
    after.forEach((row, index) => {
      const was = before[index].cells[kind].held;
      if (row.cells[kind].held && !was) gained.push(row.permission);
      if (!row.cells[kind].held && was) lost.push(row.permission);
    });
    const parts = [
      ...(gained.length > 0 ? [`gain ${gained.join(', ')}`] : []),
      ...(lost.length > 0 ? [`lose ${lost.join(', ')}`] : []),
    ];
    if (parts.length > 0)
      lines.push(`${kind === 'agents' ? 'Agents' : 'Supervisors'} ${parts.join('; ')}.`);
  }
  return lines;
}
