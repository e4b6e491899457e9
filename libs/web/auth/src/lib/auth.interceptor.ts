import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { catchError, throwError } from 'rxjs';

import { isSameOriginApiRequest } from '@poscalls4u/web-core';

import { LOGIN_URL } from './auth-api';
import { AuthActions } from './state/auth.actions';
import { TokenStorage } from './token-storage';

/**
 * Adds the bearer token to requests for this origin's API, and ends the session when the API
 * answers 401 to a request that carried it. The login call is left alone: its 401 means wrong
 * credentials, which the sign-in effect reports.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const origin = inject(DOCUMENT).location.origin;
  if (
    !isSameOriginApiRequest(request.url, origin) ||
    new URL(request.url, origin).pathname === LOGIN_URL
  ) {
    return next(request);
  }

  const token = inject(TokenStorage).read();
  if (token === null) {
    return next(request);
  }

  const store = inject(Store);
  return next(request.clone({ setHeaders: { Authorization: `Bearer ${token}` } })).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401) {
        store.dispatch(AuthActions.sessionExpired());
      }
      return throwError(() => error);
    }),
  );
};
