import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { Observable, filter, map, of, switchMap, take } from 'rxjs';

import { Permission } from '@poscalls4u/contracts';

import { HOME_PATH, SIGN_IN_PATH } from './auth.config';
import { AuthStatus } from './state/auth.reducer';
import { selectHasPermission, selectPermissionsLoaded, selectStatus } from './state/auth.selectors';

/** The auth status once a stored session has been checked (never `restoring`). */
function settledStatus(): Observable<AuthStatus> {
  return inject(Store)
    .select(selectStatus)
    .pipe(
      filter((status) => status !== 'restoring'),
      take(1),
    );
}

/** Lets signed-in people through; sends everyone else to the sign-in page. */
export const signedInGuard: CanActivateFn = () => {
  const router = inject(Router);
  return settledStatus().pipe(
    map((status) => status === 'signed-in' || router.createUrlTree([SIGN_IN_PATH])),
  );
};

/** Keeps signed-in people off the sign-in page. */
export const signedOutGuard: CanActivateFn = () => {
  const router = inject(Router);
  return settledStatus().pipe(
    map((status) => status !== 'signed-in' || router.createUrlTree([HOME_PATH])),
  );
};

/**
 * Lets through signed-in people who hold `permission` (the contracts' vocabulary: by their role,
 * or a team permission in at least one of their teams), once their permissions have been read;
 * signed-out people go to sign-in, others home. The API enforces the same rule.
 */
export function permissionGuard(permission: Permission): CanActivateFn {
  return () => {
    const router = inject(Router);
    const store = inject(Store);
    return settledStatus().pipe(
      switchMap((status) =>
        status !== 'signed-in'
          ? of(router.createUrlTree([SIGN_IN_PATH]))
          : store.select(selectPermissionsLoaded).pipe(
              filter(Boolean),
              take(1),
              switchMap(() => store.select(selectHasPermission(permission)).pipe(take(1))),
              map((allowed) => allowed || router.createUrlTree([HOME_PATH])),
            ),
      ),
    );
  };
}
