import { createActionGroup, emptyProps, props } from '@ngrx/store';

import { LoginRequest, UserView } from '@poscalls4u/contracts';

export const AuthActions = createActionGroup({
  source: 'Auth',
  events: {
    'Sign In': props<{ credentials: LoginRequest }>(),
    'Sign In Success': props<{ user: UserView }>(),
    'Sign In Failure': props<{ message: string }>(),
    /** On start-up with a stored token: load the profile to learn who is signed in. */
    'Restore Session': emptyProps(),
    'Restore Session Success': props<{ user: UserView }>(),
    'Restore Session Failure': props<{ message: string }>(),
    /** The person chose to sign out. */
    'Sign Out': emptyProps(),
    /** The API rejected the token (HTTP 401): expired or revoked. */
    'Session Expired': emptyProps(),
  },
});
