import { aUser } from '../../testing/fixtures';
import { SIGN_IN_MESSAGES } from '../sign-in-error-message';
import { AuthActions } from './auth.actions';
import { AuthState, authReducer, initialAuthState } from './auth.reducer';

const credentials = { email: 'agent1@poscalls4u.test', password: 'poscalls4u-demo' };
const challenge = { challengeToken: 'challenge-1', expiresIn: 300 };
const signedIn: AuthState = {
  status: 'signed-in',
  user: aUser(),
  error: null,
  mfa: null,
  permissions: null,
};
const restoring: AuthState = { ...initialAuthState, status: 'restoring' };

describe('authReducer', () => {
  it('starts signed out', () => {
    expect(authReducer(undefined, { type: '@@init' })).toEqual(initialAuthState);
  });

  it('clears the previous error when a sign-in starts (password or OAuth code)', () => {
    const failed = { ...initialAuthState, error: 'Wrong email or password.' };
    const expected = { ...initialAuthState, status: 'signing-in' };
    expect(authReducer(failed, AuthActions.signIn({ credentials }))).toEqual(expected);
    expect(authReducer(failed, AuthActions.exchangeOAuthCode({ code: 'c' }))).toEqual(expected);
  });

  it('keeps the user on sign-in success and on a restore that settles', () => {
    const user = aUser('supervisor');
    expect(authReducer(initialAuthState, AuthActions.signInSuccess({ user }))).toEqual({
      status: 'signed-in',
      user,
      error: null,
      mfa: null,
      permissions: null,
    });
    expect(authReducer(restoring, AuthActions.restoreSessionSuccess({ user }))).toEqual({
      status: 'signed-in',
      user,
      error: null,
      mfa: null,
      permissions: null,
    });
  });

  it('lets a sign-in that finished first win over a late restore', () => {
    const user = aUser('admin');
    const signingIn: AuthState = { ...initialAuthState, status: 'signing-in' };
    expect(authReducer(signingIn, AuthActions.restoreSessionFailure({ message: null }))).toBe(
      signingIn,
    );
    expect(authReducer(signedIn, AuthActions.restoreSessionSuccess({ user }))).toBe(signedIn);
  });

  it('records the message of a failed sign-in', () => {
    const state = authReducer(
      { ...initialAuthState, status: 'signing-in' },
      AuthActions.signInFailure({ message: 'No.' }),
    );
    expect(state).toEqual({ ...initialAuthState, error: 'No.' });
  });

  it('walks through the MFA step', () => {
    const asked = authReducer(
      { ...initialAuthState, status: 'signing-in' },
      AuthActions.mfaRequired({ challenge }),
    );
    expect(asked).toEqual({
      status: 'mfa-required',
      user: null,
      error: null,
      mfa: challenge,
      permissions: null,
    });

    const verifying = authReducer(asked, AuthActions.verifyMfa({ code: '123456' }));
    expect(verifying).toEqual({ ...asked, status: 'signing-in' });

    const wrong = authReducer(verifying, AuthActions.verifyMfaFailure({ message: 'Wrong.' }));
    expect(wrong).toEqual({ ...asked, error: 'Wrong.' });

    expect(authReducer(wrong, AuthActions.cancelMfa())).toEqual(initialAuthState);
    expect(authReducer(verifying, AuthActions.signInSuccess({ user: aUser() })).mfa).toBeNull();
  });

  it('is restoring while the refresh cookie is traded, signed out when there is no session', () => {
    const state = authReducer(initialAuthState, AuthActions.restoreSession());
    expect(state.status).toBe('restoring');
    expect(authReducer(state, AuthActions.restoreSessionFailure({ message: null }))).toEqual(
      initialAuthState,
    );
    expect(
      authReducer(state, AuthActions.restoreSessionFailure({ message: 'Unreachable.' })).error,
    ).toBe('Unreachable.');
  });

  it('updates the user on a refresh or a profile change only while signed in', () => {
    const renamed = aUser('agent', { name: 'Renamed' });
    expect(authReducer(signedIn, AuthActions.sessionRefreshed({ user: renamed })).user).toBe(
      renamed,
    );
    expect(authReducer(signedIn, AuthActions.profileUpdated({ user: renamed })).user).toBe(renamed);
    expect(authReducer(restoring, AuthActions.sessionRefreshed({ user: renamed }))).toBe(restoring);
  });

  it('forgets the user on sign-out without an error', () => {
    expect(authReducer(signedIn, AuthActions.signOut())).toEqual(initialAuthState);
  });

  it('says why after signing out everywhere', () => {
    expect(
      authReducer(signedIn, AuthActions.signedOutEverywhere({ message: 'Everywhere.' })),
    ).toEqual({ ...initialAuthState, error: 'Everywhere.' });
  });

  it('explains an expired session only to someone who was signed in', () => {
    expect(authReducer(signedIn, AuthActions.sessionExpired())).toEqual({
      ...initialAuthState,
      error: SIGN_IN_MESSAGES.sessionEnded,
    });
    expect(authReducer(restoring, AuthActions.sessionExpired())).toBe(restoring);
  });

  it("keeps the signed-in person's permissions, and drops a stale answer", () => {
    const permissions = { role: 'agent' as const, global: [], teams: [] };
    const loaded = authReducer(signedIn, AuthActions.permissionsLoaded({ permissions }));
    expect(loaded.permissions).toBe(permissions);
    // Another role's answer (a sign-in raced it) or one that lands after a sign-out is dropped.
    const admins = { ...permissions, role: 'admin' as const };
    expect(authReducer(signedIn, AuthActions.permissionsLoaded({ permissions: admins }))).toBe(
      signedIn,
    );
    expect(authReducer(initialAuthState, AuthActions.permissionsLoaded({ permissions }))).toBe(
      initialAuthState,
    );
    expect(authReducer(loaded, AuthActions.signOut()).permissions).toBeNull();
  });
});
