import { aUser } from '../../testing/fixtures';
import { SIGN_IN_MESSAGES } from '../sign-in-error-message';
import { AuthActions } from './auth.actions';
import { AuthState, authReducer, initialAuthState } from './auth.reducer';

const credentials = { email: 'agent1@poscalls4u.test', password: 'poscalls4u-demo' };
const signedIn: AuthState = { status: 'signed-in', user: aUser(), error: null };

describe('authReducer', () => {
  it('starts signed out', () => {
    expect(authReducer(undefined, { type: '@@init' })).toEqual(initialAuthState);
  });

  it('clears the previous error when a sign-in starts', () => {
    const state = authReducer(
      { ...initialAuthState, error: 'Wrong email or password.' },
      AuthActions.signIn({ credentials }),
    );
    expect(state).toEqual({ status: 'signing-in', user: null, error: null });
  });

  it('keeps the user on sign-in success and restore success', () => {
    const user = aUser('supervisor');
    expect(authReducer(initialAuthState, AuthActions.signInSuccess({ user }))).toEqual({
      status: 'signed-in',
      user,
      error: null,
    });
    expect(authReducer(initialAuthState, AuthActions.restoreSessionSuccess({ user }))).toEqual({
      status: 'signed-in',
      user,
      error: null,
    });
  });

  it('records the message of a failed sign-in', () => {
    const state = authReducer(
      { status: 'signing-in', user: null, error: null },
      AuthActions.signInFailure({ message: 'No.' }),
    );
    expect(state).toEqual({ status: 'signed-out', user: null, error: 'No.' });
  });

  it('is restoring while a stored session is checked, signed out when it fails', () => {
    const restoring = authReducer(initialAuthState, AuthActions.restoreSession());
    expect(restoring.status).toBe('restoring');
    expect(authReducer(restoring, AuthActions.restoreSessionFailure({ message: 'Gone.' }))).toEqual(
      {
        status: 'signed-out',
        user: null,
        error: 'Gone.',
      },
    );
  });

  it('forgets the user on sign-out without an error', () => {
    expect(authReducer(signedIn, AuthActions.signOut())).toEqual(initialAuthState);
  });

  it('explains an expired session only to someone who was signed in', () => {
    expect(authReducer(signedIn, AuthActions.sessionExpired())).toEqual({
      status: 'signed-out',
      user: null,
      error: SIGN_IN_MESSAGES.sessionEnded,
    });
    const restoring: AuthState = { status: 'restoring', user: null, error: null };
    expect(authReducer(restoring, AuthActions.sessionExpired())).toBe(restoring);
  });
});
