import { createActionGroup, emptyProps, props } from '@ngrx/store';

import { LoginRequest, MfaChallenge, MyPermissionsView, UserView } from '@poscalls4u/contracts';

export const AuthActions = createActionGroup({
  source: 'Auth',
  events: {
    'Sign In': props<{ credentials: LoginRequest }>(),
    'Sign In Success': props<{ user: UserView }>(),
    'Sign In Failure': props<{ message: string }>(),
    /** The password was right; the account asks for a second factor. */
    'Mfa Required': props<{ challenge: MfaChallenge }>(),
    /** A 6-digit TOTP code or a recovery code for the pending challenge. */
    'Verify Mfa': props<{ code: string }>(),
    'Verify Mfa Failure': props<{ message: string }>(),
    /** Back from the second step to the email and password. */
    'Cancel Mfa': emptyProps(),
    /** The one-time code a social sign-in brought back to `/auth/callback`. */
    'Exchange OAuth Code': props<{ code: string }>(),
    /** On start-up: trade the refresh cookie (if any) for a session. */
    'Restore Session': emptyProps(),
    'Restore Session Success': props<{ user: UserView }>(),
    /** `message` is null when there was simply no session to restore. */
    'Restore Session Failure': props<{ message: string | null }>(),
    /** A silent or on-demand refresh brought a new access token and the current user. */
    'Session Refreshed': props<{ user: UserView }>(),
    /** The profile page changed the person's name or avatar. */
    'Profile Updated': props<{ user: UserView }>(),
    /** The person chose to sign out. */
    'Sign Out': emptyProps(),
    /** The session is over (the refresh cookie was refused): sign out without asking the API. */
    'Session Expired': emptyProps(),
    /** The person ended every session or changed the password elsewhere; say so on sign-in. */
    'Signed Out Everywhere': props<{ message: string }>(),
    /**
     * The API answered 403 `MFA_SETUP_REQUIRED`: the organisation requires two-step verification
     * of this supervisor or admin, who is taken to its set-up on the profile page.
     */
    'Mfa Setup Required': emptyProps(),
    /** Read `GET /api/auth/permissions` again (a team's membership or profile changed). */
    'Load Permissions': emptyProps(),
    /** What the signed-in person may do, everywhere and per team. */
    'Permissions Loaded': props<{ permissions: MyPermissionsView }>(),
  },
});
