import { createFeature, createReducer, on } from '@ngrx/store';

import { UserView } from '@poscalls4u/contracts';

import { SIGN_IN_MESSAGES } from '../sign-in-error-message';
import { AuthActions } from './auth.actions';

/**
 * - `signed-out`: nobody is signed in;
 * - `restoring`: a stored token is being checked against the API;
 * - `signing-in`: a sign-in request is in flight;
 * - `signed-in`: `user` is the signed-in person.
 */
export type AuthStatus = 'signed-out' | 'restoring' | 'signing-in' | 'signed-in';

export interface AuthState {
  status: AuthStatus;
  user: UserView | null;
  /** Why the last sign-in or session failed, in words for the person. */
  error: string | null;
}

export const initialAuthState: AuthState = { status: 'signed-out', user: null, error: null };

const signedOut = (error: string | null): AuthState => ({
  status: 'signed-out',
  user: null,
  error,
});

export const authFeature = createFeature({
  name: 'auth',
  reducer: createReducer(
    initialAuthState,
    on(AuthActions.signIn, (): AuthState => ({ status: 'signing-in', user: null, error: null })),
    on(
      AuthActions.signInSuccess,
      AuthActions.restoreSessionSuccess,
      (_state, { user }): AuthState => ({
        status: 'signed-in',
        user,
        error: null,
      }),
    ),
    on(AuthActions.signInFailure, AuthActions.restoreSessionFailure, (_state, { message }) =>
      signedOut(message),
    ),
    on(AuthActions.restoreSession, (): AuthState => ({
      status: 'restoring',
      user: null,
      error: null,
    })),
    on(AuthActions.signOut, () => signedOut(null)),
    // A 401 while signed out (a failed restore, a stray request) is not news to the person.
    on(AuthActions.sessionExpired, (state) =>
      state.status === 'signed-in' ? signedOut(SIGN_IN_MESSAGES.sessionEnded) : state,
    ),
  ),
});

export const authReducer = authFeature.reducer;
