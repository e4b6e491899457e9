import { aUser } from '../../testing/fixtures';
import { AuthState } from './auth.reducer';
import {
  selectError,
  selectHasPermission,
  selectIsMfaStep,
  selectIsRestoring,
  selectIsSignedIn,
  selectIsSigningIn,
  selectUser,
} from './auth.selectors';

const root = (auth: AuthState) => ({ auth });

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
});
