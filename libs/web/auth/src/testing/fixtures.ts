import { Role, UserView } from '@poscalls4u/contracts';

/** A user as the API returns it, for specs. */
export function aUser(role: Role = 'agent', overrides: Partial<UserView> = {}): UserView {
  return {
    id: `user-${role}`,
    name: `Test ${role}`,
    email: `${role}@poscalls4u.test`,
    role,
    emailVerified: true,
    mfaEnabled: false,
    isActive: true,
    avatarUrl: null,
    createdAt: '2026-11-25T08:00:00.000Z',
    lastLoginAt: null,
    ...overrides,
  };
}
