import { Permission, ROLE_PERMISSIONS, Role, TEAM_PERMISSIONS } from './roles';
import {
  DEFAULT_SECURITY_PROFILE,
  TeamSecurityProfile,
  defaultTeamPermissions,
  effectivePermissions,
  holdsPermission,
  securityProfileProblems,
} from './security-profiles';

const profile = (changes: Partial<TeamSecurityProfile>): TeamSecurityProfile => ({
  ...DEFAULT_SECURITY_PROFILE,
  ...changes,
});

describe('security profiles', () => {
  it('keeps the defaults of each role when a team has no profile', () => {
    const agent = effectivePermissions(Role.Agent, [
      { teamId: 't1', teamRole: 'agent', profile: null },
    ]);
    expect(agent.global).toEqual([...ROLE_PERMISSIONS.agent]);
    expect(agent.teams).toEqual([
      {
        teamId: 't1',
        teamRole: 'agent',
        permissions: [Permission.CallsOutbound, Permission.CallsExport, Permission.ChatDirect],
      },
    ]);
    const supervisor = effectivePermissions(Role.Supervisor, [
      { teamId: 't1', teamRole: 'supervisor', profile: DEFAULT_SECURITY_PROFILE },
      { teamId: 't2', teamRole: 'agent', profile: null },
    ]);
    expect(supervisor.teams[0]?.permissions).toEqual([...TEAM_PERMISSIONS]);
    // A supervisor who is an agent in a team reads its calls there, as before profiles.
    expect(supervisor.teams[1]?.permissions).toEqual([
      Permission.CallsOutbound,
      Permission.CallsReadTeam,
      Permission.CallsExport,
      Permission.ChatDirect,
    ]);
  });

  it('applies the profile of each team to the matching team role only', () => {
    const custom = profile({
      agents: { grant: [Permission.CallsReadTeam], withhold: [Permission.CallsOutbound] },
      supervisors: { grant: [], withhold: [Permission.StatsTeam] },
    });
    const agent = effectivePermissions(Role.Agent, [
      { teamId: 't1', teamRole: 'agent', profile: custom },
      { teamId: 't2', teamRole: 'agent', profile: null },
    ]);
    expect(agent.teams[0]?.permissions).toEqual([
      Permission.CallsReadTeam,
      Permission.CallsExport,
      Permission.ChatDirect,
    ]);
    expect(holdsPermission(agent, Permission.CallsOutbound, 't1')).toBe(false);
    expect(holdsPermission(agent, Permission.CallsOutbound, 't2')).toBe(true);
    expect(holdsPermission(agent, Permission.CallsOutbound)).toBe(true);
    expect(holdsPermission(agent, Permission.StatsTeam)).toBe(false);

    const supervisor = effectivePermissions(Role.Supervisor, [
      { teamId: 't1', teamRole: 'supervisor', profile: custom },
    ]);
    expect(holdsPermission(supervisor, Permission.StatsTeam, 't1')).toBe(false);
    expect(holdsPermission(supervisor, Permission.TeamMembers, 't1')).toBe(true);
    expect(holdsPermission(supervisor, Permission.TeamsManage)).toBe(true);
    expect(holdsPermission(supervisor, Permission.UsersManage)).toBe(false);
  });

  it('never restricts admins: every permission, in every team', () => {
    const withheldEverything = profile({
      supervisors: { grant: [], withhold: [...TEAM_PERMISSIONS] },
    });
    const admin = effectivePermissions(Role.Admin, [
      { teamId: 't1', teamRole: 'supervisor', profile: withheldEverything },
    ]);
    expect(admin.teams[0]?.permissions).toEqual([...TEAM_PERMISSIONS]);
    for (const permission of TEAM_PERMISSIONS) {
      expect(holdsPermission(admin, permission, 'any-team')).toBe(true);
    }
    expect(defaultTeamPermissions(Role.Admin, 'agent')).toEqual([...TEAM_PERMISSIONS]);
  });

  it('a user in no team holds team permissions nowhere', () => {
    const loner = effectivePermissions(Role.Supervisor, []);
    expect(loner.teams).toEqual([]);
    expect(holdsPermission(loner, Permission.TeamMembers)).toBe(false);
  });

  it('names unknown permissions and contradictions by field', () => {
    expect(
      securityProfileProblems({
        agents: { grant: ['calls:read-team'], withhold: [] },
        supervisors: { grant: [], withhold: ['stats:team'] },
      }),
    ).toEqual([]);
    expect(
      securityProfileProblems({
        agents: { grant: ['calls:teleport', 'users:manage'], withhold: [] },
        supervisors: { grant: ['qa:review'], withhold: ['qa:review'] },
      }),
    ).toEqual([
      {
        field: 'agents.grant',
        messages: [expect.stringContaining('calls:teleport, users:manage')],
      },
      { field: 'supervisors.withhold', messages: ['granted and withheld at once: qa:review'] },
    ]);
  });
});
