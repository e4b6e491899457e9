/** Organisation-wide roles, from most to least powerful. */
export const Role = {
  Admin: 'admin',
  Supervisor: 'supervisor',
  Agent: 'agent',
} as const;

export type Role = (typeof Role)[keyof typeof Role];

export const ROLES: readonly Role[] = [Role.Admin, Role.Supervisor, Role.Agent];

/** admin > supervisor > agent: a role may do everything the roles below it may. */
const ROLE_RANK: Record<Role, number> = { admin: 3, supervisor: 2, agent: 1 };

/** True when `role` is `minimum` or above it. */
export function hasRoleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/**
 * The permission vocabulary both the API and the consoles use. The API enforces it;
 * the consoles use it to decide what to show.
 *
 * Organisation permissions come with the role (`ROLE_PERMISSIONS`). Team permissions
 * (`TEAM_PERMISSIONS`) hold in one team: the member's defaults (`defaultTeamPermissions`), then
 * what the team's security profile grants or withholds (`security-profiles.ts`).
 */
export const Permission = {
  ProfileRead: 'profile:read',
  UsersManage: 'users:manage',
  TeamsManage: 'teams:manage',
  DashboardView: 'dashboard:view',
  CallsWork: 'calls:work',
  AuditRead: 'audit:read',
  SecurityProfilesManage: 'security-profiles:manage',
  CallsOutbound: 'calls:outbound',
  CallsQueue: 'calls:queue',
  CallsReadTeam: 'calls:read-team',
  CallsExport: 'calls:export',
  QaReview: 'qa:review',
  PresenceForce: 'presence:force',
  TeamMembers: 'team:members',
  StatsTeam: 'stats:team',
  AlertsManage: 'alerts:manage',
  WallboardsManage: 'wallboards:manage',
  ReportsSchedule: 'reports:schedule',
  ChatDirect: 'chat:direct',
} as const;

export type Permission = (typeof Permission)[keyof typeof Permission];

/** The permissions that hold in one team at a time, and that a team's security profile adjusts. */
export const TEAM_PERMISSIONS = [
  Permission.CallsOutbound,
  Permission.CallsQueue,
  Permission.CallsReadTeam,
  Permission.CallsExport,
  Permission.QaReview,
  Permission.PresenceForce,
  Permission.TeamMembers,
  Permission.StatsTeam,
  Permission.AlertsManage,
  Permission.WallboardsManage,
  Permission.ReportsSchedule,
  Permission.ChatDirect,
] as const;

export type TeamPermission = (typeof TEAM_PERMISSIONS)[number];

export const PERMISSIONS: readonly Permission[] = Object.values(Permission);

export function isTeamPermission(permission: string): permission is TeamPermission {
  return (TEAM_PERMISSIONS as readonly string[]).includes(permission);
}

/** What each permission allows, in words (error messages, the security doc, the consoles). */
export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  'profile:read': 'read and edit your own profile and sessions',
  'users:manage': 'invite users, change their role, deactivate and unlock them',
  'teams:manage': 'create teams',
  'dashboard:view': 'open the supervisor dashboard',
  'calls:work': 'answer, hold, end and wrap up the calls that ring at you',
  'audit:read': 'read the audit log',
  'security-profiles:manage': "set a team's security profile",
  'calls:outbound': 'dial out for the team',
  'calls:queue': "queue inbound calls in the team's queue by hand",
  'calls:read-team': "read the team's calls (not only your own)",
  'calls:export': 'export calls as CSV',
  'qa:review': "review the team's completed calls",
  'presence:force': "force a team member's state (offline, break)",
  'team:members': "manage the team's members and settings",
  'stats:team': "read the team's statistics, its dashboard and its agents' reports",
  'alerts:manage': "read and set the team's alert thresholds",
  'wallboards:manage':
    "create, list and revoke wallboard links that show the team's live figures on a screen without a sign-in",
  'reports:schedule': "schedule the team's summary reports by email and manage their recipients",
  'chat:direct': 'open direct chat conversations with the members of the team',
};

/**
 * Organisation permissions by role. Admins hold every team permission, in every team (they take
 * no calls, so not `calls:work`); supervisors and
 * agents hold team permissions only through their teams (`defaultTeamPermissions`).
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    Permission.ProfileRead,
    Permission.UsersManage,
    Permission.TeamsManage,
    Permission.DashboardView,
    Permission.AuditRead,
    Permission.SecurityProfilesManage,
    ...TEAM_PERMISSIONS,
  ],
  supervisor: [Permission.ProfileRead, Permission.TeamsManage, Permission.DashboardView],
  agent: [Permission.ProfileRead, Permission.CallsWork],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
