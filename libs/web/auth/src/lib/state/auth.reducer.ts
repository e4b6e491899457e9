import { createFeature, createReducer, on } from '@ngrx/store';

import { MfaChallenge, MyPermissionsView, UserView } from '@poscalls4u/contracts';

import { SIGN_IN_MESSAGES } from '../sign-in-error-message';
import { AuthActions } from './auth.actions';

/**
 * - `signed-out`: nobody is signed in;
 * - `restoring`: the refresh cookie is being traded for a session on start-up;
 * - `signing-in`: a sign-in request (password, MFA code or OAuth code) is in flight;
 * - `mfa-required`: the password was right, a second factor is asked for (`mfa`);
 * - `signed-in`: `user` is the signed-in person.
 */
export type AuthStatus = 'signed-out' | 'restoring' | 'signing-in' | 'mfa-required' | 'signed-in';

export interface AuthState {
  status: AuthStatus;
  user: UserView | null;
  /** Why the last sign-in or session failed, in words for the person. */
  error: string | null;
  /** The pending second-factor challenge while `mfa-required` (or signing in with it). */
  mfa: MfaChallenge | null;
  /**
   * What the signed-in person may do (`GET /api/auth/permissions`): null until first read. The
   * consoles show only what it allows; the API enforces the same rules.
   */
  permissions: MyPermissionsView | null;
}

export const initialAuthState: AuthState = {
  status: 'signed-out',
  user: null,
  error: null,
  mfa: null,
  permissions: null,
};

const signedOut = (error: string | null): AuthState => ({
  status: 'signed-out',
  user: null,
  error,
  mfa: null,
  permissions: null,
});

export const authFeature = createFeature({
  name: 'auth',
  reducer: createReducer(
    initialAuthState,
    on(AuthActions.signIn, AuthActions.exchangeOAuthCode, (): AuthState => ({
      ...initialAuthState,
      status: 'signing-in',
    })),
    on(AuthActions.signInSuccess, (_state, { user }): AuthState => ({
      status: 'signed-in',
      user,
      error: null,
      mfa: null,
      permissions: null,
    })),
    on(AuthActions.signInFailure, (_state, { message }) => signedOut(message)),
    // A restore only settles a `restoring` state: a sign-in that finished first (an OAuth
    // callback, say) wins.
    on(AuthActions.restoreSessionSuccess, (state, { user }): AuthState =>
      state.status === 'restoring'
        ? { status: 'signed-in', user, error: null, mfa: null, permissions: null }
        : state,
    ),
    on(AuthActions.restoreSessionFailure, (state, { message }) =>
      state.status === 'restoring' ? signedOut(message) : state,
    ),
    on(AuthActions.mfaRequired, (_state, { challenge }): AuthState => ({
      status: 'mfa-required',
      user: null,
      error: null,
      mfa: challenge,
      permissions: null,
    })),
    on(AuthActions.verifyMfa, (state): AuthState => ({
      ...state,
      status: 'signing-in',
      error: null,
    })),
    on(AuthActions.verifyMfaFailure, (state, { message }): AuthState => ({
      ...state,
      status: state.mfa === null ? 'signed-out' : 'mfa-required',
      error: message,
    })),
    on(AuthActions.cancelMfa, () => signedOut(null)),
    on(AuthActions.restoreSession, (): AuthState => ({ ...initialAuthState, status: 'restoring' })),
    on(AuthActions.sessionRefreshed, AuthActions.profileUpdated, (state, { user }) =>
      state.status === 'signed-in' ? { ...state, user } : state,
    ),
    on(AuthActions.permissionsLoaded, (state, { permissions }) =>
      // Only the signed-in person's: an answer that lands after a sign-out or for another role
      // (a sign-in raced it) is dropped.
      state.status === 'signed-in' && state.user?.role === permissions.role
        ? { ...state, permissions }
        : state,
    ),
    on(AuthActions.signOut, () => signedOut(null)),
    on(AuthActions.signedOutEverywhere, (_state, { message }) => signedOut(message)),
    // A 401 while signed out (a failed restore, a stray request) is not news to the person.
    on(AuthActions.sessionExpired, (state) =>
      state.status === 'signed-in' ? signedOut(SIGN_IN_MESSAGES.sessionEnded) : state,
    ),
  ),
});

export const authReducer = authFeature.reducer;
