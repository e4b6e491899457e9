import { aUser } from '../../testing/fixtures';
import { AuthState } from './auth.reducer';
import {
  selectError,
  selectIsRestoring,
  selectIsSignedIn,
  selectIsSigningIn,
  selectUser,
} from './auth.selectors';

const root = (auth: AuthState) => ({ auth });

describe('auth selectors', () => {
  it('derive the flags from the status', () => {
    const user = aUser();
    const signedIn = root({ status: 'signed-in', user, error: null });
    expect(selectIsSignedIn(signedIn)).toBe(true);
    expect(selectIsSigningIn(signedIn)).toBe(false);
    expect(selectIsRestoring(signedIn)).toBe(false);
    expect(selectUser(signedIn)).toBe(user);

    expect(selectIsSigningIn(root({ status: 'signing-in', user: null, error: null }))).toBe(true);
    expect(selectIsRestoring(root({ status: 'restoring', user: null, error: null }))).toBe(true);
    expect(selectIsSignedIn(root({ status: 'restoring', user: null, error: null }))).toBe(false);
  });

  it('select the error', () => {
    expect(
      selectError(root({ status: 'signed-out', user: null, error: 'Wrong email or password.' })),
    ).toBe('Wrong email or password.');
  });
});
