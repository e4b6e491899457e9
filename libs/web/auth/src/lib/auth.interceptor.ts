import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { catchError, switchMap, throwError } from 'rxjs';

import { CONSOLE_CLIENT_HEADER, CONSOLE_CLIENT_VALUE, ErrorCode } from '@poscalls4u/contracts';
import { apiUrl, isSameOriginApiRequest, toApiFailure } from '@poscalls4u/web-core';

import { CREDENTIAL_URLS, LOGOUT_URL } from './auth-api';
import { SessionRefresher, SessionSwitchedError } from './session-refresher';
import { AuthActions } from './state/auth.actions';
import { TokenStorage } from './token-storage';

const AUTH_PREFIX = `${apiUrl('auth')}/`;

function withBearer<T>(request: HttpRequest<T>, token: string): HttpRequest<T> {
  return request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}

/**
 * For this origin's API only:
 * - auth calls say they come from a console (`X-PosCalls-Client: console`) and carry cookies, so
 *   the refresh token travels in the HttpOnly cookie, never through script;
 * - other calls carry the in-memory bearer token; on a 401 the session is refreshed once (one
 *   refresh shared by concurrent requests) and the request retried with the new token; when the
 *   refresh is refused the session ends.
 * - a 403 `MFA_SETUP_REQUIRED` (the organisation requires two-step verification and this user has
 *   none) sends the user to its set-up rather than leaving every page with an error;
 * Credential calls (login, refresh, MFA verify, ...) are left alone: their 401 is about the
 * credentials they carry, which the page reports.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const origin = inject(DOCUMENT).location.origin;
  if (!isSameOriginApiRequest(request.url, origin)) {
    return next(request);
  }

  const path = new URL(request.url, origin).pathname;
  const outgoing = path.startsWith(AUTH_PREFIX)
    ? request.clone({
        setHeaders: { [CONSOLE_CLIENT_HEADER]: CONSOLE_CLIENT_VALUE },
        withCredentials: true,
      })
    : request;

  const storage = inject(TokenStorage);
  const token = storage.read();
  if (CREDENTIAL_URLS.includes(path)) {
    // Logout is signed by the session it ends (unless the caller signed it already).
    return path === LOGOUT_URL && token !== null && !outgoing.headers.has('Authorization')
      ? next(withBearer(outgoing, token))
      : next(outgoing);
  }
  if (token === null) {
    return next(outgoing);
  }

  const refresher = inject(SessionRefresher);
  const store = inject(Store);
  return next(withBearer(outgoing, token)).pipe(
    catchError((error: unknown) => {
      if (isMfaSetupRequired(error)) {
        store.dispatch(AuthActions.mfaSetupRequired());
        return throwError(() => error);
      }
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
        return throwError(() => error);
      }
      // Another request renewed the token meanwhile: just retry with the new one.
      const current = storage.read();
      if (current !== null && current !== token) {
        return next(withBearer(outgoing, current));
      }
      return refresher.refresh().pipe(
        catchError((refreshError: unknown) => {
          if (refreshError instanceof SessionSwitchedError) {
            store.dispatch(AuthActions.signedOutEverywhere({ message: refreshError.message }));
          } else if (
            refreshError instanceof HttpErrorResponse &&
            refreshError.status >= 400 &&
            refreshError.status < 500
          ) {
            store.dispatch(AuthActions.sessionExpired());
          }
          return throwError(() => error);
        }),
        // The session is alive: a second 401 is the answer to this request (a wrong password).
        switchMap((result) => next(withBearer(outgoing, result.token))),
      );
    }),
  );
};

function isMfaSetupRequired(error: unknown): boolean {
  const failure = toApiFailure(error);
  return failure.status === 403 && failure.code === ErrorCode.MfaSetupRequired;
}
