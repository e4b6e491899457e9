import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { Action } from '@ngrx/store';
import { catchError, exhaustMap, map, of, switchMap, tap } from 'rxjs';

import { AuthResult, UserView } from '@poscalls4u/contracts';
import { toApiFailure } from '@poscalls4u/web-core';

import { AuthApi } from '../auth-api';
import {
  AUTH_CONFIG,
  AuthConfig,
  DEFAULT_REFUSED_ROLE_MESSAGE,
  HOME_PATH,
  SIGN_IN_PATH,
  isRoleAllowed,
} from '../auth.config';
import { restoreSessionErrorMessage, signInErrorMessage } from '../sign-in-error-message';
import { TokenStorage } from '../token-storage';
import { AuthActions } from './auth.actions';

function refusedRole(config: AuthConfig): Action {
  return AuthActions.signInFailure({
    message: config.refusedRoleMessage ?? DEFAULT_REFUSED_ROLE_MESSAGE,
  });
}

/** Signs in; keeps the token only when this console accepts the person's role. */
export const signIn$ = createEffect(
  (
    actions$ = inject(Actions),
    api = inject(AuthApi),
    storage = inject(TokenStorage),
    config = inject(AUTH_CONFIG),
  ) =>
    actions$.pipe(
      ofType(AuthActions.signIn),
      exhaustMap(({ credentials }) =>
        api.login(credentials).pipe(
          map((result: AuthResult) => {
            if (!isRoleAllowed(config, result.user.role)) {
              return refusedRole(config);
            }
            storage.write(result.token);
            return AuthActions.signInSuccess({ user: result.user });
          }),
          catchError((error: unknown) =>
            of(AuthActions.signInFailure({ message: signInErrorMessage(toApiFailure(error)) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

/** Checks a stored token by loading the profile; any failure forgets the token. */
export const restoreSession$ = createEffect(
  (
    actions$ = inject(Actions),
    api = inject(AuthApi),
    storage = inject(TokenStorage),
    config = inject(AUTH_CONFIG),
  ) =>
    actions$.pipe(
      ofType(AuthActions.restoreSession),
      switchMap(() =>
        api.profile().pipe(
          map((user: UserView) =>
            isRoleAllowed(config, user.role)
              ? AuthActions.restoreSessionSuccess({ user })
              : AuthActions.restoreSessionFailure({
                  message: config.refusedRoleMessage ?? DEFAULT_REFUSED_ROLE_MESSAGE,
                }),
          ),
          catchError((error: unknown) =>
            of(
              AuthActions.restoreSessionFailure({
                message: restoreSessionErrorMessage(toApiFailure(error)),
              }),
            ),
          ),
        ),
      ),
      tap((action) => {
        if (action.type === AuthActions.restoreSessionFailure.type) {
          storage.clear();
        }
      }),
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

/** Forgets the token and returns to the sign-in page. */
export const signOut$ = createEffect(
  (actions$ = inject(Actions), storage = inject(TokenStorage), router = inject(Router)) =>
    actions$.pipe(
      ofType(AuthActions.signOut, AuthActions.sessionExpired),
      tap(() => {
        storage.clear();
        void router.navigateByUrl(SIGN_IN_PATH);
      }),
    ),
  { functional: true, dispatch: false },
);

export const authEffects = { signIn$, restoreSession$, navigateHomeAfterSignIn$, signOut$ };
