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
 */
export const Permission = {
  ProfileRead: 'profile:read',
  UsersManage: 'users:manage',
  TeamsManage: 'teams:manage',
  DashboardView: 'dashboard:view',
  CallsWork: 'calls:work',
  AuditRead: 'audit:read',
} as const;

export type Permission = (typeof Permission)[keyof typeof Permission];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    Permission.ProfileRead,
    Permission.UsersManage,
    Permission.TeamsManage,
    Permission.DashboardView,
    Permission.AuditRead,
  ],
  supervisor: [Permission.ProfileRead, Permission.TeamsManage, Permission.DashboardView],
  agent: [Permission.ProfileRead, Permission.CallsWork],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
