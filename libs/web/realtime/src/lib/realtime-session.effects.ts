import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { ActionCreator } from '@ngrx/store';
import { EMPTY, catchError, exhaustMap, filter, map, mergeMap, of, tap } from 'rxjs';

import { AuthActions, SessionRefresher, TokenStorage } from '@poscalls4u/web-auth';

import { RealtimeClient } from './realtime-client';

/** A feature's "the server ended the live connection" action. */
type SessionEndedAction = ActionCreator<
  string,
  (props: { reason: string }) => { reason: string; type: string }
>;

/**
 * What every feature that opens the live connection needs to keep it across token renewals: the
 * agent console's call screen and the supervisor's dashboard each include these, with the action
 * they map `session:ended` to.
 */
export function realtimeSessionEffects(sessionEnded: SessionEndedAction) {
  /** A refreshed access token goes to the live connection before the old one expires. */
  const renewRealtimeToken$ = createEffect(
    (
      actions$ = inject(Actions),
      realtime = inject(RealtimeClient),
      tokens = inject(TokenStorage),
    ) =>
      actions$.pipe(
        ofType(AuthActions.sessionRefreshed),
        tap(() => {
          const token = tokens.read();
          if (token !== null) {
            realtime.renew(token);
          }
        }),
      ),
    { functional: true, dispatch: false },
  );

  /**
   * The server ended the connection because the access token expired (the tab slept through the
   * renewal): refresh it and connect again; when the refresh is refused, the session is over.
   * Other reasons (signed out elsewhere, revoked) are the feature's to show: the agent's screen
   * keeps wrap-up notes being typed on screen, and the next API call signs out anyway.
   */
  const reconnectAfterTokenExpiry$ = createEffect(
    (
      actions$ = inject(Actions),
      realtime = inject(RealtimeClient),
      refresher = inject(SessionRefresher),
    ) =>
      actions$.pipe(
        ofType(sessionEnded),
        filter(({ reason }) => reason === 'token_expired'),
        exhaustMap(() =>
          refresher.refresh().pipe(
            tap(() => realtime.reconnect()),
            mergeMap(() => EMPTY),
            catchError(() => of(AuthActions.sessionExpired())),
          ),
        ),
      ),
    { functional: true },
  );

  /**
   * A team's membership or security profile changed for this person: read the permissions again,
   * so the console shows or hides what they now may do without a reload.
   */
  const reloadPermissions$ = createEffect(
    (realtime = inject(RealtimeClient)) =>
      realtime.permissionsChanged$.pipe(map(() => AuthActions.loadPermissions())),
    { functional: true },
  );

  return { renewRealtimeToken$, reconnectAfterTokenExpiry$, reloadPermissions$ };
}
