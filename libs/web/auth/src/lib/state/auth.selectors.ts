import { createSelector } from '@ngrx/store';

import {
  EffectivePermissions,
  Permission,
  effectivePermissions,
  holdsPermission,
} from '@poscalls4u/contracts';

import { authFeature } from './auth.reducer';

export const { selectAuthState, selectStatus, selectUser, selectError, selectMfa } = authFeature;

export const selectIsSignedIn = createSelector(selectStatus, (status) => status === 'signed-in');

export const selectIsSigningIn = createSelector(selectStatus, (status) => status === 'signing-in');

/** True while the refresh cookie is being traded for a session; guards wait for it to settle. */
export const selectIsRestoring = createSelector(selectStatus, (status) => status === 'restoring');

/** True while the sign-in page should ask for the second factor. */
export const selectIsMfaStep = createSelector(selectMfa, (mfa) => mfa !== null);

/**
 * What the signed-in person may do. Until `GET /api/auth/permissions` answers, what their role
 * alone allows (no team permissions): the consoles never show more than the API will accept.
 */
export const selectPermissions = createSelector(
  selectUser,
  authFeature.selectPermissions,
  (user, permissions): EffectivePermissions | null =>
    user === null ? null : (permissions ?? effectivePermissions(user.role, [])),
);

/** True once the signed-in person's permissions have been read (guards wait for it). */
export const selectPermissionsLoaded = createSelector(
  authFeature.selectPermissions,
  (permissions) => permissions !== null,
);

/**
 * True when the signed-in person holds `permission`: everywhere, or in `teamId` (a team
 * permission; without `teamId`, in at least one of their teams). Decides what the consoles show.
 */
export const selectHasPermission = (permission: Permission, teamId?: string) =>
  createSelector(
    selectPermissions,
    (permissions) => permissions !== null && holdsPermission(permissions, permission, teamId),
  );

/** The ids of the teams where the signed-in person holds `permission` (all teams for admins: null). */
export const selectTeamsWithPermission = (permission: Permission) =>
  createSelector(selectPermissions, (permissions): string[] | null => {
    if (permissions === null) return [];
    if (permissions.global.includes(permission)) return null;
    return permissions.teams
      .filter((team) => team.permissions.some((held) => held === permission))
      .map((team) => team.teamId);
  });
