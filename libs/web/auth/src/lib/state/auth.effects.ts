import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { Action, Store } from '@ngrx/store';
import {
  Observable,
  catchError,
  exhaustMap,
  filter,
  map,
  of,
  switchMap,
  take,
  tap,
  timeout,
} from 'rxjs';

import { ErrorCode, SessionResult, UserView, effectivePermissions } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';

import { AuthApi } from '../auth-api';
import {
  AUTH_CONFIG,
  AuthConfig,
  DEFAULT_REFUSED_ROLE_MESSAGE,
  HAS_SESSION_HINT,
  HOME_PATH,
  PROFILE_PATH,
  SIGN_IN_PATH,
  isRoleAllowed,
} from '../auth.config';
import { SessionRefresher, SessionSwitchedError } from '../session-refresher';
import {
  mfaErrorMessage,
  restoreSessionErrorMessage,
  signInErrorMessage,
} from '../sign-in-error-message';
import { AuthActions } from './auth.actions';
import { selectMfa, selectUser } from './auth.selectors';

/** How long sign-out waits for `POST auth/logout` before leaving anyway. */
const LOGOUT_TIMEOUT_MS = 5_000;

const refusedMessage = (config: AuthConfig) =>
  config.refusedRoleMessage ?? DEFAULT_REFUSED_ROLE_MESSAGE;

/**
 * Finishes any sign-in (password, MFA code, OAuth code): keeps the session when this console
 * accepts the person's role; otherwise ends the new session on the API (best effort) and refuses.
 */
function completeSignIn(
  result: SessionResult,
  api: AuthApi,
  refresher: SessionRefresher,
  config: AuthConfig,
): Observable<Action> {
  if (!isRoleAllowed(config, result.user.role)) {
    return api.logout(result.token).pipe(
      timeout(LOGOUT_TIMEOUT_MS),
      catchError(() => of(null)),
      map(() => AuthActions.signInFailure({ message: refusedMessage(config) })),
    );
  }
  refresher.start(result);
  return of(AuthActions.signInSuccess({ user: result.user }));
}

/** A failed first step: the second factor is asked for, or the sign-in failed. */
function signInFailed(error: unknown): Observable<Action> {
  const failure = toApiFailure(error);
  if (failure.code === ErrorCode.MfaRequired && failure.mfa !== undefined) {
    return of(AuthActions.mfaRequired({ challenge: failure.mfa }));
  }
  return of(AuthActions.signInFailure({ message: signInErrorMessage(failure) }));
}

/** Signs in with email and password. */
export const signIn$ = createEffect(
  (
    actions$ = inject(Actions),
    api = inject(AuthApi),
    refresher = inject(SessionRefresher),
    config = inject(AUTH_CONFIG),
  ) =>
    actions$.pipe(
      ofType(AuthActions.signIn),
      exhaustMap(({ credentials }) =>
        api.login(credentials).pipe(
          switchMap((result) => completeSignIn(result, api, refresher, config)),
          catchError(signInFailed),
        ),
      ),
    ),
  { functional: true },
);

/** Completes a sign-in with a TOTP or recovery code. */
export const verifyMfa$ = createEffect(
  (
    actions$ = inject(Actions),
    store = inject(Store),
    api = inject(AuthApi),
    refresher = inject(SessionRefresher),
    config = inject(AUTH_CONFIG),
  ) =>
    actions$.pipe(
      ofType(AuthActions.verifyMfa),
      exhaustMap(({ code }) =>
        store.select(selectMfa).pipe(
          take(1),
          switchMap((challenge) =>
            challenge === null
              ? of(
                  AuthActions.verifyMfaFailure({
                    message: mfaErrorMessage({ status: 401, code: null, message: null }),
                  }),
                )
              : api.verifyMfa({ challengeToken: challenge.challengeToken, code }).pipe(
                  switchMap((result) => completeSignIn(result, api, refresher, config)),
                  catchError((error: unknown) =>
                    of(
                      AuthActions.verifyMfaFailure({
                        message: mfaErrorMessage(toApiFailure(error)),
                      }),
                    ),
                  ),
                ),
          ),
        ),
      ),
    ),
  { functional: true },
);

/** Trades the one-time code of a social sign-in for a session. */
export const exchangeOAuthCode$ = createEffect(
  (
    actions$ = inject(Actions),
    api = inject(AuthApi),
    refresher = inject(SessionRefresher),
    config = inject(AUTH_CONFIG),
  ) =>
    actions$.pipe(
      ofType(AuthActions.exchangeOAuthCode),
      exhaustMap(({ code }) =>
        api.exchangeOAuthCode(code).pipe(
          switchMap((result) => completeSignIn(result, api, refresher, config)),
          catchError(signInFailed),
        ),
      ),
    ),
  { functional: true },
);

/**
 * On start-up, trades the HttpOnly refresh cookie for a session. No cookie (or an ended session)
 * is not an error worth showing; an unreachable server is.
 */
export const restoreSession$ = createEffect(
  (
    actions$ = inject(Actions),
    refresher = inject(SessionRefresher),
    config = inject(AUTH_CONFIG),
    hasSessionHint = inject(HAS_SESSION_HINT),
  ) =>
    actions$.pipe(
      ofType(AuthActions.restoreSession),
      switchMap(() =>
        // No hint cookie: nobody signed in from this browser; a refresh could only fail.
        !hasSessionHint()
          ? of(AuthActions.restoreSessionFailure({ message: null }))
          : refresher.refresh().pipe(
              map((result): Action => {
                if (isRoleAllowed(config, result.user.role)) {
                  return AuthActions.restoreSessionSuccess({ user: result.user });
                }
                // Not this console's: leave the session alone (the other console may be using it).
                refresher.stop();
                return AuthActions.restoreSessionFailure({ message: refusedMessage(config) });
              }),
              // Nothing to forget: no token was kept (and a sign-in that finished meanwhile keeps its own).
              catchError((error: unknown) =>
                of(
                  AuthActions.restoreSessionFailure({
                    message:
                      error instanceof SessionSwitchedError
                        ? refusedMessage(config)
                        : restoreSessionErrorMessage(toApiFailure(error)),
                  }),
                ),
              ),
            ),
      ),
    ),
  { functional: true },
);

export const navigateHomeAfterSignIn$ = createEffect(
  (actions$ = inject(Actions), router = inject(Router)) =>
    actions$.pipe(
      ofType(AuthActions.signInSuccess),
      tap(() => void router.navigateByUrl(HOME_PATH)),
    ),
  { functional: true, dispatch: false },
);

/** The second step lives on the sign-in page (a social sign-in may ask for it too). */
export const navigateToMfaStep$ = createEffect(
  (actions$ = inject(Actions), router = inject(Router)) =>
    actions$.pipe(
      ofType(AuthActions.mfaRequired),
      filter(() => router.url.split('?')[0] !== SIGN_IN_PATH),
      tap(() => void router.navigateByUrl(SIGN_IN_PATH)),
    ),
  { functional: true, dispatch: false },
);

/** The set-up of two-step verification lives on the profile page; `?mfa=required` says why. */
export const navigateToMfaSetup$ = createEffect(
  (actions$ = inject(Actions), router = inject(Router)) =>
    actions$.pipe(
      ofType(AuthActions.mfaSetupRequired),
      filter(() => router.url.split('?')[0] !== PROFILE_PATH),
      tap(() => void router.navigateByUrl(`${PROFILE_PATH}?mfa=required`)),
    ),
  { functional: true, dispatch: false },
);

/** Ends the session on the API (best effort), forgets the token and returns to sign-in. */
export const signOut$ = createEffect(
  (
    actions$ = inject(Actions),
    api = inject(AuthApi),
    refresher = inject(SessionRefresher),
    router = inject(Router),
  ) =>
    actions$.pipe(
      ofType(AuthActions.signOut),
      exhaustMap(() =>
        api.logout().pipe(
          timeout(LOGOUT_TIMEOUT_MS),
          catchError(() => of(null)),
          take(1),
        ),
      ),
      tap(() => {
        refresher.stop();
        void router.navigateByUrl(SIGN_IN_PATH);
      }),
    ),
  { functional: true, dispatch: false },
);

/** The session is already over on the API: forget the token and return to sign-in. */
export const sessionEnded$ = createEffect(
  (actions$ = inject(Actions), refresher = inject(SessionRefresher), router = inject(Router)) =>
    actions$.pipe(
      ofType(AuthActions.sessionExpired, AuthActions.signedOutEverywhere),
      tap(() => {
        refresher.stop();
        void router.navigateByUrl(SIGN_IN_PATH);
      }),
    ),
  { functional: true, dispatch: false },
);

/**
 * Reads what the signed-in person may do: after every sign-in, restore and token refresh, and
 * when the API says a team's membership or profile changed. When it cannot be read, the role's
 * own permissions stand (nothing team-scoped is shown) so that guards never wait forever.
 */
const loadPermissions$ = createEffect(
  (actions$ = inject(Actions), api = inject(AuthApi), store = inject(Store)) =>
    actions$.pipe(
      ofType(
        AuthActions.signInSuccess,
        AuthActions.restoreSessionSuccess,
        AuthActions.sessionRefreshed,
        AuthActions.loadPermissions,
      ),
      switchMap(() =>
        api.permissions().pipe(
          map((permissions) => AuthActions.permissionsLoaded({ permissions })),
          catchError(() =>
            store.select(selectUser).pipe(
              take(1),
              filter((user): user is UserView => user !== null),
              map((user) =>
                AuthActions.permissionsLoaded({ permissions: effectivePermissions(user.role, []) }),
              ),
            ),
          ),
        ),
      ),
    ),
  { functional: true },
);

export const authEffects = {
  loadPermissions$,
  signIn$,
  verifyMfa$,
  exchangeOAuthCode$,
  restoreSession$,
  navigateHomeAfterSignIn$,
  navigateToMfaStep$,
  navigateToMfaSetup$,
  signOut$,
  sessionEnded$,
};
