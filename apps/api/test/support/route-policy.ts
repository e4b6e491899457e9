import { PERMISSION_DESCRIPTIONS, Permission } from '@poscalls4u/contracts';

/**
 * The route policy table: every operation of the OpenAPI document, who may call it and on what.
 * `docs/security.md` holds it rendered (`renderRoutePolicy`); route-policy.spec.ts checks both
 * against the generated document, and access-matrix.spec.ts calls the routes with `matrix` as
 * each persona and expects those statuses.
 */

/**
 * Who passes the authentication guard: nobody needed, any signed-in user, a role, a permission,
 * or a wallboard token (and nothing else: `wallboard`).
 */
export type RouteAccess =
  'public' | 'signed-in' | 'role:admin' | 'role:supervisor' | 'wallboard' | Permission;

/**
 * The personas of the access matrix, each acting on the resources of "their" case: the agent on
 * another agent's record of their own team, the supervisor of another team on team A, the
 * supervisor of team W (whose security profile withholds every team permission from its
 * supervisors but `calls:read-team`) on team W, the admin on team A.
 */
export interface MatrixStatuses {
  agent: number;
  otherSupervisor: number;
  withheld: number;
  admin: number;
}

export interface RoutePolicy {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the OpenAPI document: `/api/teams/{id}`. */
  path: string;
  access: RouteAccess;
  /** The ownership rule the service checks. */
  ownership: string;
  /** Who gets 401, 403 and 404 (beyond validation's 400). */
  refusals: string;
  matrix?: MatrixStatuses;
}

const OWN = 'own record only';
const ANON = '401 anonymous';
const ADMIN_ONLY = `${ANON}; 403 agents and supervisors`;
const TEAM_READ = 'member of the team (admins: every team)';
const TEAM_SCOPED = (permission: Permission) =>
  `admins; members holding ${permission} in the team (supervisors by default, the team's profile decides)`;
const CHAT_MEMBER = 'a current member of the room';
const CHAT_REFUSALS = `${ANON}; 404 a room you are not a member of`;
const TEAM_REFUSALS = `${ANON}; 403 without the permission in any team, or when the team's profile withholds it; 404 a team you are not in`;

const SCHEDULE_OWNERSHIP = `a schedule whose every team you hold ${Permission.ReportsSchedule} in (admins: any)`;
const SCHEDULE_REFUSALS = `${ANON}; 403 without ${Permission.ReportsSchedule} in any team (agents); 404 a schedule naming a team you do not hold it in`;

export const ROUTE_POLICY: readonly RoutePolicy[] = [
  // Platform
  { method: 'GET', path: '/health', access: 'public', ownership: 'none', refusals: 'none' },
  { method: 'GET', path: '/health/ready', access: 'public', ownership: 'none', refusals: 'none' },
  // Identity: sign-in and account flows
  {
    method: 'POST',
    path: '/api/auth/register',
    access: 'public',
    ownership: 'none',
    refusals: 'none',
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    ownership: 'none',
    refusals: 'none',
  },
  {
    method: 'POST',
    path: '/api/auth/refresh',
    access: 'public',
    ownership: 'the refresh token (cookie or body) of an active session',
    refusals: '401 invalid, reused or revoked token',
  },
  {
    method: 'POST',
    path: '/api/auth/mfa/verify',
    access: 'public',
    ownership: 'the MFA challenge of a sign-in',
    refusals: '401 invalid challenge or code',
  },
  {
    method: 'POST',
    path: '/api/auth/oauth/exchange',
    access: 'public',
    ownership: 'the one-time code of a social sign-in',
    refusals: '401 invalid code',
  },
  {
    method: 'GET',
    path: '/api/auth/google',
    access: 'public',
    ownership: 'none',
    refusals: 'none',
  },
  {
    method: 'GET',
    path: '/api/auth/google/callback',
    access: 'public',
    ownership: 'the state of the sign-in that started',
    refusals: 'redirects with an error',
  },
  {
    method: 'GET',
    path: '/api/auth/facebook',
    access: 'public',
    ownership: 'none',
    refusals: 'none',
  },
  {
    method: 'GET',
    path: '/api/auth/facebook/callback',
    access: 'public',
    ownership: 'the state of the sign-in that started',
    refusals: 'redirects with an error',
  },
  {
    method: 'GET',
    path: '/api/auth/providers',
    access: 'public',
    ownership: 'none',
    refusals: 'none',
  },
  {
    method: 'POST',
    path: '/api/auth/verify-email',
    access: 'public',
    ownership: 'the emailed token',
    refusals: '400 invalid token',
  },
  {
    method: 'POST',
    path: '/api/auth/resend-verification',
    access: 'public',
    ownership: 'none (same answer whether the account exists)',
    refusals: 'none',
  },
  {
    method: 'POST',
    path: '/api/auth/forgot-password',
    access: 'public',
    ownership: 'none (same answer whether the account exists)',
    refusals: 'none',
  },
  {
    method: 'POST',
    path: '/api/auth/reset-password',
    access: 'public',
    ownership: 'the emailed token',
    refusals: '400 invalid token',
  },
  { method: 'GET', path: '/api/auth/profile', access: 'signed-in', ownership: OWN, refusals: ANON },
  {
    method: 'PATCH',
    path: '/api/auth/profile',
    access: 'signed-in',
    ownership: OWN,
    refusals: ANON,
  },
  {
    method: 'POST',
    path: '/api/auth/change-password',
    access: 'signed-in',
    ownership: OWN,
    refusals: ANON,
  },
  {
    method: 'POST',
    path: '/api/auth/logout',
    access: 'signed-in',
    ownership: 'own session',
    refusals: ANON,
  },
  {
    method: 'POST',
    path: '/api/auth/logout-all',
    access: 'signed-in',
    ownership: 'own sessions',
    refusals: ANON,
  },
  {
    method: 'GET',
    path: '/api/auth/sessions',
    access: 'signed-in',
    ownership: 'own sessions',
    refusals: ANON,
  },
  {
    method: 'DELETE',
    path: '/api/auth/sessions/{id}',
    access: 'signed-in',
    ownership: 'own session',
    refusals: `${ANON}; 404 another user's session`,
  },
  {
    method: 'POST',
    path: '/api/auth/mfa/setup',
    access: 'signed-in',
    ownership: OWN,
    refusals: ANON,
  },
  {
    method: 'POST',
    path: '/api/auth/mfa/enable',
    access: 'signed-in',
    ownership: OWN,
    refusals: ANON,
  },
  {
    method: 'POST',
    path: '/api/auth/mfa/disable',
    access: 'signed-in',
    ownership: OWN,
    refusals: ANON,
  },
  {
    method: 'POST',
    path: '/api/auth/mfa/recovery-codes',
    access: 'signed-in',
    ownership: OWN,
    refusals: ANON,
  },
  {
    method: 'GET',
    path: '/api/auth/permissions',
    access: 'signed-in',
    ownership: 'own permissions',
    refusals: ANON,
    matrix: { agent: 200, otherSupervisor: 200, withheld: 200, admin: 200 },
  },
  // Identity: administration
  {
    method: 'GET',
    path: '/api/users',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
    matrix: { agent: 403, otherSupervisor: 403, withheld: 403, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/users/invite',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
  },
  {
    method: 'PATCH',
    path: '/api/users/{id}',
    access: 'role:admin',
    ownership: 'admin (changing a role, activating)',
    refusals: `${ADMIN_ONLY}; 404 unknown user`,
    matrix: { agent: 403, otherSupervisor: 403, withheld: 403, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/users/{id}/unlock',
    access: 'role:admin',
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown user`,
  },
  {
    method: 'GET',
    path: '/api/audit',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
    matrix: { agent: 403, otherSupervisor: 403, withheld: 403, admin: 200 },
  },
  {
    method: 'GET',
    path: '/api/settings/security',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
  },
  {
    method: 'GET',
    path: '/api/settings/security/mfa-impact',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
  },
  {
    method: 'PUT',
    path: '/api/settings/security',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
  },
  {
    method: 'GET',
    path: '/api/settings/organization',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
  },
  {
    method: 'PUT',
    path: '/api/settings/organization',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
  },
  // Teams
  {
    method: 'GET',
    path: '/api/teams',
    access: 'signed-in',
    ownership: 'the teams you belong to (admins: all; archived: admins only)',
    refusals: `${ANON}; 403 includeArchived for non-admins`,
  },
  {
    method: 'POST',
    path: '/api/teams',
    access: Permission.TeamsManage,
    ownership: 'supervisors and admins (a supervisor supervises the team they create)',
    refusals: `${ANON}; 403 agents`,
  },
  {
    method: 'GET',
    path: '/api/teams/{id}',
    access: 'signed-in',
    ownership: TEAM_READ,
    refusals: `${ANON}; 404 a team you are not in`,
    matrix: { agent: 200, otherSupervisor: 404, withheld: 200, admin: 200 },
  },
  {
    method: 'PUT',
    path: '/api/teams/{id}',
    access: Permission.TeamMembers,
    ownership: TEAM_SCOPED(Permission.TeamMembers),
    refusals: TEAM_REFUSALS,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 200 },
  },
  {
    method: 'DELETE',
    path: '/api/teams/{id}',
    access: 'role:admin',
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown team`,
  },
  {
    method: 'POST',
    path: '/api/teams/{id}/members',
    access: Permission.TeamMembers,
    ownership: TEAM_SCOPED(Permission.TeamMembers),
    refusals: TEAM_REFUSALS,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 201 },
  },
  {
    method: 'DELETE',
    path: '/api/teams/{id}/members/{userId}',
    access: Permission.TeamMembers,
    ownership: TEAM_SCOPED(Permission.TeamMembers),
    refusals: `${TEAM_REFUSALS}; 404 not a member`,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 200 },
  },
  {
    method: 'GET',
    path: '/api/teams/{id}/security-profile',
    access: Permission.SecurityProfilesManage,
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown team`,
    matrix: { agent: 403, otherSupervisor: 403, withheld: 403, admin: 200 },
  },
  {
    method: 'PUT',
    path: '/api/teams/{id}/security-profile',
    access: Permission.SecurityProfilesManage,
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown team`,
    matrix: { agent: 403, otherSupervisor: 403, withheld: 403, admin: 200 },
  },
  {
    method: 'GET',
    path: '/api/teams/{id}/alert-thresholds',
    access: Permission.AlertsManage,
    ownership: TEAM_SCOPED(Permission.AlertsManage),
    refusals: TEAM_REFUSALS,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 200 },
  },
  {
    method: 'PUT',
    path: '/api/teams/{id}/alert-thresholds',
    access: Permission.AlertsManage,
    ownership: TEAM_SCOPED(Permission.AlertsManage),
    refusals: TEAM_REFUSALS,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 200 },
  },
  // Presence
  { method: 'PUT', path: '/api/presence/me', access: 'signed-in', ownership: OWN, refusals: ANON },
  {
    method: 'PUT',
    path: '/api/presence/me/next',
    access: 'signed-in',
    ownership: OWN,
    refusals: ANON,
  },
  {
    method: 'DELETE',
    path: '/api/presence/me/next',
    access: 'signed-in',
    ownership: OWN,
    refusals: ANON,
  },
  {
    method: 'GET',
    path: '/api/presence',
    access: 'signed-in',
    ownership: 'members of your teams (with teamId: that team, if you are in it; admins: everyone)',
    refusals: `${ANON}; 404 a team you are not in`,
    matrix: { agent: 200, otherSupervisor: 404, withheld: 200, admin: 200 },
  },
  {
    method: 'PUT',
    path: '/api/presence/{userId}',
    access: Permission.PresenceForce,
    ownership: `admins; members holding ${Permission.PresenceForce} in a team the user belongs to (never yourself)`,
    refusals: `${ANON}; 403 without the permission, or when the team's profile withholds it; 404 someone outside your teams`,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 200 },
  },
  {
    method: 'GET',
    path: '/api/presence/{userId}/timeline',
    access: Permission.StatsTeam,
    ownership: `admins; members holding ${Permission.StatsTeam} in a team the user belongs to`,
    refusals: `${ANON}; 403 without the permission, or when the team's profile withholds it; 404 someone outside your teams`,
  },
  {
    method: 'POST',
    path: '/api/presence/{userId}/sign-out',
    access: Permission.PresenceForce,
    ownership: `admins; members holding ${Permission.PresenceForce} in a team the user belongs to (never yourself)`,
    refusals: `${ANON}; 403 without the permission, or when the team's profile withholds it; 404 someone outside your teams`,
  },
  {
    method: 'GET',
    path: '/api/presence/break-reasons',
    access: 'signed-in',
    ownership: 'none (inactive ones: admins)',
    refusals: ANON,
  },
  {
    method: 'POST',
    path: '/api/presence/break-reasons',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
  },
  {
    method: 'PATCH',
    path: '/api/presence/break-reasons/{code}',
    access: 'role:admin',
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown reason`,
  },
  // Calls
  {
    method: 'GET',
    path: '/api/calls',
    access: 'signed-in',
    ownership: `your own calls, and the calls of the teams where you hold ${Permission.CallsReadTeam} (admins: all)`,
    refusals: ANON,
  },
  {
    method: 'GET',
    path: '/api/calls/current',
    access: 'signed-in',
    ownership: OWN,
    refusals: ANON,
  },
  {
    method: 'GET',
    path: '/api/calls/transfer-targets',
    access: 'signed-in',
    ownership: "every active team's name; the agents of the caller's own teams",
    refusals: ANON,
  },
  {
    method: 'GET',
    path: '/api/calls/{id}',
    access: 'signed-in',
    ownership: `your own calls; the team's calls with ${Permission.CallsReadTeam} (admins: all)`,
    refusals: `${ANON}; 404 a call you cannot see`,
    matrix: { agent: 404, otherSupervisor: 404, withheld: 200, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/calls',
    access: Permission.CallsQueue,
    ownership: TEAM_SCOPED(Permission.CallsQueue),
    refusals: `${TEAM_REFUSALS}; 409 archived team`,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 201 },
  },
  {
    method: 'POST',
    path: '/api/calls/outbound',
    access: Permission.CallsOutbound,
    ownership: `a team you belong to, holding ${Permission.CallsOutbound} there (agents and supervisors by default)`,
    refusals: `${ANON}; 403 when the team's profile withholds it; 404 a team you are not in (admins too)`,
    matrix: { agent: 201, otherSupervisor: 404, withheld: 403, admin: 404 },
  },
  ...(['answer', 'reject', 'hold', 'resume', 'end', 'connected', 'failed'] as const).map(
    (action): RoutePolicy => ({
      method: 'POST',
      path: `/api/calls/{id}/${action}`,
      access: 'signed-in',
      ownership: "the call's agent",
      refusals: `${ANON}; 403 someone who can see the call but is not its agent; 404 a call you cannot see; 409 not yours any more or the wrong state`,
      ...(action === 'answer'
        ? { matrix: { agent: 404, otherSupervisor: 404, withheld: 403, admin: 403 } }
        : {}),
    }),
  ),
  {
    method: 'POST',
    path: '/api/calls/{id}/wrap-up',
    access: 'signed-in',
    ownership: "the call's agent",
    refusals: `${ANON}; 403 someone who can see the call but is not its agent; 404 a call you cannot see; 409 not yours any more or the wrong state`,
    matrix: { agent: 404, otherSupervisor: 404, withheld: 403, admin: 403 },
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/transfer',
    access: 'signed-in',
    ownership: `the call's agent; to an outside number holding ${Permission.CallsOutbound} in its team; to a queue any active team; to an agent an agent member of the target team`,
    refusals: `${ANON}; 400 a bad target; 403 not its agent, or a number without the permission; 404 a call you cannot see, a team not active, an agent not in the team; 409 not connected / on hold, a consult open, or AGENT_UNAVAILABLE`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/consult',
    access: 'signed-in',
    ownership: `the call's agent; to an outside number holding ${Permission.CallsOutbound} in its team; to an agent an agent member of the target team; to a supervisor one of the call's team`,
    refusals: `${ANON}; 400 a bad target; 403 not its agent, or a number without the permission; 404 a call you cannot see, an agent or supervisor not in the team; 409 not connected / on hold, a consult already open, a conference in progress, or AGENT_UNAVAILABLE`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/conference',
    access: 'signed-in',
    ownership: "the call's agent, with a consult open",
    refusals: `${ANON}; 403 not its agent; 404 a call you cannot see; 409 not live, not yours any more, or no consult open`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/conference/parties',
    access: 'signed-in',
    ownership: `the call's agent, a conference open; to an outside number holding ${Permission.CallsOutbound} in its team; to an agent an agent member of the target team; to a supervisor one of the call's team`,
    refusals: `${ANON}; 400 a bad target; 403 not its agent, or a number without the permission; 404 a call you cannot see, an agent or supervisor not in the team; 409 no conference, already on it, AGENT_UNAVAILABLE, or CONFERENCE_FULL (6 parties, the caller included)`,
  },
  {
    method: 'DELETE',
    path: '/api/calls/{id}/conference/parties/{partyId}',
    access: 'signed-in',
    ownership: "the call's agent, a conference open",
    refusals: `${ANON}; 400 a party id that is not a UUID; 403 not its agent; 404 a call you cannot see, a party not on the conference; 409 no conference, the caller or yourself`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/conference/leave',
    access: 'signed-in',
    ownership: 'an agent or supervisor on the conference',
    refusals: `${ANON}; 404 a call you cannot see; 409 no conference, not on it, or (the call's agent) nobody else joined yet`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/consult/complete',
    access: 'signed-in',
    ownership: "the call's agent",
    refusals: `${ANON}; 403 not its agent; 404 a call you cannot see; 409 no consult open`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/consult/cancel',
    access: 'signed-in',
    ownership: "the call's agent",
    refusals: `${ANON}; 403 not its agent; 404 a call you cannot see; 409 no consult open`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/mute',
    access: 'signed-in',
    ownership: "the call's agent",
    refusals: `${ANON}; 403 not its agent; 404 a call you cannot see; 409 not connected / on hold, or already muted`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/unmute',
    access: 'signed-in',
    ownership: "the call's agent",
    refusals: `${ANON}; 403 not its agent; 404 a call you cannot see; 409 not connected / on hold, or not muted`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/dtmf',
    access: 'signed-in',
    ownership: "the call's agent",
    refusals: `${ANON}; 400 digits not 1-32 of 0-9 * #; 403 not its agent; 404 a call you cannot see; 409 not connected`,
  },
  {
    method: 'GET',
    path: '/api/calls/assists',
    access: Permission.CallsMonitor,
    ownership: `the assists of the teams where the caller holds ${Permission.CallsMonitor} (admins: all)`,
    refusals: `${ANON}; 403 without ${Permission.CallsMonitor} in any team`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/assist',
    access: Permission.CallsMonitor,
    ownership: `holding ${Permission.CallsMonitor} in the call's team`,
    refusals: `${ANON}; 400 bad mode; 403 without the permission in the team; 404 a call you cannot see; 409 not live, already in that mode, another supervisor assists it, or you assist another call`,
  },
  {
    method: 'DELETE',
    path: '/api/calls/{id}/assist',
    access: Permission.CallsMonitor,
    ownership: `holding ${Permission.CallsMonitor} in the call's team`,
    refusals: `${ANON}; 403 without the permission in the team; 404 a call you cannot see; 409 nobody assists it`,
  },
  {
    method: 'GET',
    path: '/api/skills',
    access: 'signed-in',
    ownership: 'none: the catalogue',
    refusals: `${ANON}; 400 bad page`,
  },
  {
    method: 'POST',
    path: '/api/skills',
    access: Permission.SkillsManage,
    ownership: 'none: organisation-wide',
    refusals: `${ANON}; 403 agents; 400 bad name; 409 name taken`,
  },
  {
    method: 'DELETE',
    path: '/api/skills/{id}',
    access: Permission.SkillsManage,
    ownership: 'none: organisation-wide',
    refusals: `${ANON}; 403 agents; 404 no such skill`,
  },
  {
    method: 'GET',
    path: '/api/skills/agents',
    access: Permission.TeamMembers,
    ownership: `the agents of the teams where the caller holds ${Permission.TeamMembers} (admins: all)`,
    refusals: `${ANON}; 403 without ${Permission.TeamMembers} in any team`,
  },
  {
    method: 'GET',
    path: '/api/skills/agents/{userId}',
    access: 'signed-in',
    ownership: `the agent themselves, holders of ${Permission.TeamMembers} in one of the agent's teams, admins`,
    refusals: `${ANON}; 404 anyone else`,
  },
  {
    method: 'PUT',
    path: '/api/skills/agents/{userId}',
    access: 'signed-in',
    ownership: `holders of ${Permission.TeamMembers} in one of the agent's teams, admins`,
    refusals: `${ANON}; 400 unknown skill, bad level; 403 the agent themselves; 404 anyone else`,
  },
  {
    method: 'GET',
    path: '/api/skills/teams/{teamId}',
    access: 'signed-in',
    ownership: `holding ${Permission.TeamMembers} in the team`,
    refusals: `${ANON}; 403 without the permission; 404 a team you cannot read`,
  },
  {
    method: 'PUT',
    path: '/api/skills/teams/{teamId}',
    access: 'signed-in',
    ownership: `holding ${Permission.TeamMembers} in the team`,
    refusals: `${ANON}; 400 unknown skill, bad level or wait; 403 without the permission; 404 a team you cannot read`,
  },
  {
    method: 'POST',
    path: '/api/calls/{id}/qa-reviews',
    access: Permission.QaReview,
    ownership: TEAM_SCOPED(Permission.QaReview),
    refusals: `${TEAM_REFUSALS} or a call you cannot see; 409 not completed`,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 201 },
  },
  {
    method: 'GET',
    path: '/api/dispositions',
    access: 'signed-in',
    ownership: 'none (inactive ones: admins)',
    refusals: ANON,
  },
  {
    method: 'POST',
    path: '/api/dispositions',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
  },
  {
    method: 'PATCH',
    path: '/api/dispositions/{code}',
    access: 'role:admin',
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown disposition`,
  },
  {
    method: 'GET',
    path: '/api/integrations',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
  },
  {
    method: 'POST',
    path: '/api/integrations',
    access: 'role:admin',
    ownership: 'admin',
    refusals: ADMIN_ONLY,
  },
  {
    method: 'GET',
    path: '/api/integrations/{id}',
    access: 'role:admin',
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown integration`,
  },
  {
    method: 'PATCH',
    path: '/api/integrations/{id}',
    access: 'role:admin',
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown integration`,
  },
  {
    method: 'DELETE',
    path: '/api/integrations/{id}',
    access: 'role:admin',
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown integration`,
  },
  {
    method: 'GET',
    path: '/api/integrations/{id}/deliveries',
    access: 'role:admin',
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown integration`,
  },
  {
    method: 'POST',
    path: '/api/integrations/{id}/deliveries/{deliveryId}/retry',
    access: 'role:admin',
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown integration or delivery`,
  },
  {
    method: 'POST',
    path: '/api/integrations/{id}/rotate-secret',
    access: 'role:admin',
    ownership: 'admin',
    refusals: `${ADMIN_ONLY}; 404 unknown integration`,
  },
  {
    method: 'POST',
    path: '/api/integrations/{id}/call-events',
    access: 'public',
    ownership: "the integration's HMAC signature (no bearer token)",
    refusals: '401 missing or bad signature; 404 unknown or inactive integration',
  },
  // Statistics
  {
    method: 'GET',
    path: '/api/stats/dashboard',
    access: 'signed-in',
    ownership: `admins: the center; the teams where you hold ${Permission.StatsTeam}; agents: their own figures`,
    refusals: ANON,
  },
  {
    method: 'GET',
    path: '/api/stats/teams/{id}',
    access: 'signed-in',
    ownership: TEAM_SCOPED(Permission.StatsTeam),
    refusals: `${ANON}; 403 when the team's profile withholds it; 404 anyone else`,
    matrix: { agent: 404, otherSupervisor: 404, withheld: 403, admin: 200 },
  },
  {
    method: 'GET',
    path: '/api/stats/agents/{id}',
    access: 'signed-in',
    ownership: `yourself; an agent of a team where you hold ${Permission.StatsTeam}; admins: anyone`,
    refusals: `${ANON}; 403 when the team's profile withholds it; 404 anyone else`,
    matrix: { agent: 404, otherSupervisor: 404, withheld: 403, admin: 200 },
  },
  {
    method: 'GET',
    path: '/api/stats/calls',
    access: 'signed-in',
    ownership: `what the figures cover: your own calls, the teams where you hold ${Permission.StatsTeam}; CSV also needs ${Permission.CallsExport} (in each team named)`,
    refusals: `${ANON}; 403 CSV when the team's profile withholds ${Permission.CallsExport} or ${Permission.StatsTeam}; 404 a team or agent filter you cannot see`,
    matrix: { agent: 404, otherSupervisor: 404, withheld: 403, admin: 200 },
  },
  // Workforce
  {
    method: 'GET',
    path: '/api/stats/teams/compare',
    access: Permission.StatsTeam,
    ownership: `every team named: ${TEAM_SCOPED(Permission.StatsTeam)}`,
    refusals: `${ANON}; 403 without ${Permission.StatsTeam} in any team (agents), or when a named team's profile withholds it; 404 a named team you cannot read`,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/workforce/staffing',
    access: Permission.DashboardView,
    ownership: 'none (a calculation on the request alone; nothing is read or stored)',
    refusals: `${ANON}; 403 agents`,
  },
  {
    method: 'GET',
    path: '/api/workforce/forecast',
    access: Permission.StatsTeam,
    ownership: `the team of teamId: ${TEAM_SCOPED(Permission.StatsTeam)}`,
    refusals: `${ANON}; 403 without ${Permission.StatsTeam} in any team (agents), or when the team's profile withholds it; 404 a team you cannot read`,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/workforce/wallboards',
    access: Permission.WallboardsManage,
    ownership: `every team named: ${TEAM_SCOPED(Permission.WallboardsManage)}`,
    refusals: `${ANON}; 403 without ${Permission.WallboardsManage} in any team (agents), or when a named team's profile withholds it; 404 a named team you cannot see`,
  },
  {
    method: 'GET',
    path: '/api/workforce/wallboards',
    access: Permission.WallboardsManage,
    ownership:
      'admins: every link; others: the links they created and those whose teams they all manage',
    refusals: `${ANON}; 403 without ${Permission.WallboardsManage} in any team (agents)`,
  },
  {
    method: 'DELETE',
    path: '/api/workforce/wallboards/{id}',
    access: Permission.WallboardsManage,
    ownership: 'a link the caller lists (see GET)',
    refusals: `${ANON}; 403 without ${Permission.WallboardsManage} in any team (agents); 404 a link you do not manage`,
  },
  // The wallboard page (docs/security.md, "Wallboard credential")
  {
    method: 'POST',
    path: '/api/wallboard/session',
    access: 'public',
    ownership: "the secret of a wallboard link that is not revoked (from the URL's fragment)",
    refusals: '401 unknown or revoked link',
  },
  {
    method: 'GET',
    path: '/api/wallboard',
    access: 'wallboard',
    ownership: "the link's teams only (those not archived), read-only",
    refusals: '401 anonymous, any user token, a revoked link',
  },
  {
    method: 'GET',
    path: '/api/workforce/report-schedules',
    access: Permission.ReportsSchedule,
    ownership: `lists the schedules whose every team you hold ${Permission.ReportsSchedule} in (admins: all)`,
    refusals: `${ANON}; 403 without ${Permission.ReportsSchedule} in any team (agents)`,
  },
  {
    method: 'POST',
    path: '/api/workforce/report-schedules',
    access: Permission.ReportsSchedule,
    ownership: `every team named: ${TEAM_SCOPED(Permission.ReportsSchedule)}`,
    refusals: `${ANON}; 403 without ${Permission.ReportsSchedule} in any team, or when a named team's profile withholds it; 404 a named team you are not in`,
    matrix: { agent: 403, otherSupervisor: 404, withheld: 403, admin: 201 },
  },
  ...(['GET', 'PUT', 'DELETE'] as const).map((method) => ({
    method,
    path: '/api/workforce/report-schedules/{id}',
    access: Permission.ReportsSchedule,
    ownership: SCHEDULE_OWNERSHIP,
    refusals: SCHEDULE_REFUSALS,
  })),
  ...(['preview', 'send-now'] as const).map((action) => ({
    method: 'POST' as const,
    path: `/api/workforce/report-schedules/{id}/${action}`,
    access: Permission.ReportsSchedule,
    ownership: SCHEDULE_OWNERSHIP,
    refusals: SCHEDULE_REFUSALS,
  })),
  ...(['GET', 'POST'] as const).map((method) => ({
    method,
    path: '/api/workforce/report-schedules/unsubscribe',
    access: 'public' as const,
    ownership: 'the schedule and address the link names, signed (HMAC) by the server',
    refusals: '400 a link whose signature does not match; rate-limited like sign-in',
  })),
  {
    method: 'GET',
    path: '/api/workforce/agents/me/figures',
    access: 'signed-in',
    ownership: "own figures, and your teams' aggregate (no other agent named)",
    refusals: ANON,
  },
  // Notifications
  {
    method: 'GET',
    path: '/api/notifications',
    access: 'signed-in',
    ownership: 'own notifications',
    refusals: ANON,
    matrix: { agent: 200, otherSupervisor: 200, withheld: 200, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/notifications/read-all',
    access: 'signed-in',
    ownership: 'own notifications',
    refusals: ANON,
  },
  {
    method: 'POST',
    path: '/api/notifications/{id}/read',
    access: 'signed-in',
    ownership: 'own notification',
    refusals: `${ANON}; 404 another user's notification`,
  },
  {
    method: 'GET',
    path: '/api/notifications/preferences',
    access: 'signed-in',
    ownership: 'own preferences',
    refusals: ANON,
  },
  {
    method: 'PUT',
    path: '/api/notifications/preferences',
    access: 'signed-in',
    ownership: 'own preferences',
    refusals: ANON,
  },
  // Chat (end-to-end encrypted: the server stores ciphertext and public keys only)
  {
    method: 'GET',
    path: '/api/chat/rooms',
    access: 'signed-in',
    ownership: 'rooms you are a member of now',
    refusals: ANON,
  },
  {
    method: 'GET',
    path: '/api/chat/rooms/{id}',
    access: 'signed-in',
    ownership: CHAT_MEMBER,
    refusals: CHAT_REFUSALS,
  },
  {
    method: 'POST',
    path: '/api/chat/direct',
    access: 'signed-in',
    ownership: `the other user shares a team where you hold ${Permission.ChatDirect} (agents and supervisors by default); admins: anyone`,
    refusals: `${ANON}; 403 no shared team, or the team's profile withholds ${Permission.ChatDirect}; 404 unknown or inactive user`,
  },
  {
    method: 'POST',
    path: '/api/chat/ask-supervisor',
    access: 'signed-in',
    ownership: "the call's current agent only",
    refusals: `${ANON}; 404 a call that is not yours; 409 the team has no supervisor`,
  },
  {
    method: 'GET',
    path: '/api/chat/rooms/{roomId}/messages',
    access: 'signed-in',
    ownership: `${CHAT_MEMBER}; messages from your joining on`,
    refusals: CHAT_REFUSALS,
  },
  {
    method: 'POST',
    path: '/api/chat/rooms/{roomId}/messages',
    access: 'signed-in',
    ownership: `${CHAT_MEMBER}, from one of your active devices`,
    refusals: `${CHAT_REFUSALS}; 403 not your device; 409 reused counter or archived room; 429 over the chat-send limit`,
  },
  {
    method: 'PATCH',
    path: '/api/chat/rooms/{roomId}/messages/{messageId}',
    access: 'signed-in',
    ownership: `${CHAT_MEMBER}; your own message, from one of your active devices`,
    refusals: `${CHAT_REFUSALS}; 403 another's message or not your device; 409 reused counter`,
  },
  {
    method: 'DELETE',
    path: '/api/chat/rooms/{roomId}/messages/{messageId}',
    access: 'signed-in',
    ownership: `${CHAT_MEMBER}; your own message`,
    refusals: `${CHAT_REFUSALS}; 403 another's message`,
  },
  {
    method: 'POST',
    path: '/api/chat/rooms/{roomId}/read',
    access: 'signed-in',
    ownership: CHAT_MEMBER,
    refusals: CHAT_REFUSALS,
  },
  {
    method: 'PUT',
    path: '/api/chat/identity',
    access: 'signed-in',
    ownership: 'own identity key',
    refusals: ANON,
  },
  {
    method: 'GET',
    path: '/api/chat/users/{userId}/keys',
    access: 'signed-in',
    ownership: 'yourself, or someone sharing a room with you (admins: anyone)',
    refusals: `${ANON}; 404 someone sharing no room with you`,
  },
  {
    method: 'POST',
    path: '/api/chat/devices',
    access: 'signed-in',
    ownership: 'own devices',
    refusals: `${ANON}; 409 no identity key yet, or the deviceId is taken`,
  },
  {
    method: 'DELETE',
    path: '/api/chat/devices/{deviceId}',
    access: 'signed-in',
    ownership: 'own devices',
    refusals: `${ANON}; 404 another's device`,
  },
  {
    method: 'POST',
    path: '/api/chat/key-mailbox',
    access: 'signed-in',
    ownership:
      'from your own active device, for rooms you are in, to active devices of their members',
    refusals: `${ANON}; 403 not your device, not your room, or a device of a non-member`,
  },
  {
    method: 'GET',
    path: '/api/chat/key-mailbox',
    access: 'signed-in',
    ownership: 'own devices only',
    refusals: `${ANON}; 404 another's device`,
  },
  {
    method: 'POST',
    path: '/api/chat/key-mailbox/ack',
    access: 'signed-in',
    ownership: "own devices' items only (others' ids are ignored)",
    refusals: ANON,
  },
  {
    method: 'GET',
    path: '/api/chat/key-backup',
    access: 'signed-in',
    ownership: 'own backup only',
    refusals: `${ANON}; 404 no backup yet`,
  },
  {
    method: 'PUT',
    path: '/api/chat/key-backup',
    access: 'signed-in',
    ownership: 'own backup only',
    refusals: `${ANON}; 409 version is not the stored one + 1`,
  },
];

/** The table of `docs/security.md`, from ROUTE_POLICY. */
export function renderRoutePolicy(policy: readonly RoutePolicy[] = ROUTE_POLICY): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const words: Record<string, string> = {
    public: 'public',
    'signed-in': 'signed in',
    'role:admin': 'admin role',
    'role:supervisor': 'supervisor role or above',
    wallboard: 'wallboard token only',
  };
  const access = (entry: RoutePolicy) => words[entry.access] ?? `\`${entry.access}\``;
  const rows = [...policy]
    .sort((a, b) =>
      a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1,
    )
    .map(
      (entry) =>
        `| ${entry.method} | \`${entry.path}\` | ${access(entry)} | ${cell(entry.ownership)} | ${cell(entry.refusals)} |`,
    );
  return [
    '| Method | Path | Needs | Ownership rule | Refused |',
    '| ------ | ---- | ----- | -------------- | ------- |',
    ...rows,
  ].join('\n');
}

/** The vocabulary's table of `docs/security.md`. */
export function renderPermissions(): string {
  return [
    '| Permission | Allows |',
    '| ---------- | ------ |',
    ...Object.entries(PERMISSION_DESCRIPTIONS).map(
      ([permission, description]) => `| \`${permission}\` | ${description} |`,
    ),
  ].join('\n');
}
