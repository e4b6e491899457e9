import { Permission, Role, hasRoleAtLeast, roleHasPermission } from './roles';

describe('roles', () => {
  it('orders admin > supervisor > agent', () => {
    expect(hasRoleAtLeast(Role.Admin, Role.Supervisor)).toBe(true);
    expect(hasRoleAtLeast(Role.Supervisor, Role.Supervisor)).toBe(true);
    expect(hasRoleAtLeast(Role.Agent, Role.Supervisor)).toBe(false);
  });

  it('grants user management to admins only', () => {
    expect(roleHasPermission(Role.Admin, Permission.UsersManage)).toBe(true);
    expect(roleHasPermission(Role.Supervisor, Permission.UsersManage)).toBe(false);
    expect(roleHasPermission(Role.Agent, Permission.UsersManage)).toBe(false);
  });
});
