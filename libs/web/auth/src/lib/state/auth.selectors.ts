import { createSelector } from '@ngrx/store';

import { authFeature } from './auth.reducer';

export const { selectAuthState, selectStatus, selectUser, selectError } = authFeature;

export const selectIsSignedIn = createSelector(selectStatus, (status) => status === 'signed-in');

export const selectIsSigningIn = createSelector(selectStatus, (status) => status === 'signing-in');

/** True while a stored session is being checked; guards wait for it to settle. */
export const selectIsRestoring = createSelector(selectStatus, (status) => status === 'restoring');
