import { effectivePermissions } from '@poscalls4u/contracts';

import { aUser } from '../../testing/fixtures';
import { AuthState, initialAuthState } from './auth.reducer';
import {
  selectError,
  selectHasPermission,
  selectIsMfaStep,
  selectIsRestoring,
  selectIsSignedIn,
  selectIsSigningIn,
  selectTeamsWithPermission,
  selectUser,
} from './auth.selectors';

const root = (auth: Omit<AuthState, 'permissions'> & Partial<AuthState>) => ({
  auth: { ...initialAuthState, ...auth },
});

describe('auth selectors', () => {
  it('derive the flags from the status', () => {
    const user = aUser();
    const signedIn = root({ status: 'signed-in', user, error: null, mfa: null });
    expect(selectIsSignedIn(signedIn)).toBe(true);
    expect(selectIsSigningIn(signedIn)).toBe(false);
    expect(selectIsRestoring(signedIn)).toBe(false);
    expect(selectUser(signedIn)).toBe(user);

    expect(
      selectIsSigningIn(root({ status: 'signing-in', user: null, error: null, mfa: null })),
    ).toBe(true);
    expect(
      selectIsRestoring(root({ status: 'restoring', user: null, error: null, mfa: null })),
    ).toBe(true);
    expect(
      selectIsSignedIn(root({ status: 'restoring', user: null, error: null, mfa: null })),
    ).toBe(false);
  });

  it('select the error', () => {
    expect(
      selectError(
        root({ status: 'signed-out', user: null, error: 'Wrong email or password.', mfa: null }),
      ),
    ).toBe('Wrong email or password.');
  });

  it('tell the MFA step and the permissions of the signed-in role', () => {
    const mfa = { challengeToken: 'c', expiresIn: 300 };
    expect(selectIsMfaStep(root({ status: 'mfa-required', user: null, error: null, mfa }))).toBe(
      true,
    );
    const admin = root({ status: 'signed-in', user: aUser('admin'), error: null, mfa: null });
    const supervisor = root({
      status: 'signed-in',
      user: aUser('supervisor'),
      error: null,
      mfa: null,
    });
    expect(selectHasPermission('audit:read')(admin)).toBe(true);
    expect(selectHasPermission('audit:read')(supervisor)).toBe(false);
    expect(
      selectHasPermission('profile:read')(
        root({ status: 'signed-out', user: null, error: null, mfa: null }),
      ),
    ).toBe(false);
  });

  it("answer team permissions from the person's teams once read, the role's alone before", () => {
    const supervisor = aUser('supervisor');
    const before = root({ status: 'signed-in', user: supervisor, error: null, mfa: null });
    expect(selectHasPermission('dashboard:view')(before)).toBe(true);
    expect(selectHasPermission('calls:export')(before)).toBe(false);
    expect(selectTeamsWithPermission('calls:export')(before)).toEqual([]);

    const permissions = effectivePermissions('supervisor', [
      { teamId: 't1', teamRole: 'supervisor', profile: null },
      {
        teamId: 't2',
        teamRole: 'supervisor',
        profile: {
          agents: { grant: [], withhold: [] },
          supervisors: { grant: [], withhold: ['calls:export'] },
        },
      },
    ]);
    const read = root({
      status: 'signed-in',
      user: supervisor,
      error: null,
      mfa: null,
      permissions,
    });
    expect(selectHasPermission('calls:export')(read)).toBe(true);
    expect(selectHasPermission('calls:export', 't1')(read)).toBe(true);
    expect(selectHasPermission('calls:export', 't2')(read)).toBe(false);
    expect(selectHasPermission('calls:export', 'elsewhere')(read)).toBe(false);
    expect(selectTeamsWithPermission('calls:export')(read)).toEqual(['t1']);

    const admin = aUser('admin');
    const admins = root({
      status: 'signed-in',
      user: admin,
      error: null,
      mfa: null,
      permissions: effectivePermissions('admin', []),
    });
    expect(selectTeamsWithPermission('calls:export')(admins)).toBeNull();
    expect(selectHasPermission('calls:export', 'any-team')(admins)).toBe(true);
  });
});
