import { createSelector } from '@ngrx/store';

import { Permission, roleHasPermission } from '@poscalls4u/contracts';

import { authFeature } from './auth.reducer';

export const { selectAuthState, selectStatus, selectUser, selectError, selectMfa } = authFeature;

export const selectIsSignedIn = createSelector(selectStatus, (status) => status === 'signed-in');

export const selectIsSigningIn = createSelector(selectStatus, (status) => status === 'signing-in');

/** True while the refresh cookie is being traded for a session; guards wait for it to settle. */
export const selectIsRestoring = createSelector(selectStatus, (status) => status === 'restoring');

/** True while the sign-in page should ask for the second factor. */
export const selectIsMfaStep = createSelector(selectMfa, (mfa) => mfa !== null);

/** True when the signed-in person's role grants `permission` (decides what the consoles show). */
export const selectHasPermission = (permission: Permission) =>
  createSelector(selectUser, (user) => user !== null && roleHasPermission(user.role, permission));
