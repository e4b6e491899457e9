import { InjectionToken, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { Action, Store } from '@ngrx/store';
import {
  EMPTY,
  Observable,
  SchedulerLike,
  asyncScheduler,
  catchError,
  exhaustMap,
  filter,
  map,
  merge,
  mergeMap,
  of,
  switchMap,
  takeUntil,
  tap,
  throttleTime,
  withLatestFrom,
} from 'rxjs';

import { AuthActions } from '@poscalls4u/web-auth';
import { isServerUnreachable, toApiFailure } from '@poscalls4u/web-core';
import { RealtimeClient, RealtimeMessage, realtimeSessionEffects } from '@poscalls4u/web-realtime';

import { StatsApi } from '../stats-api';
import { StatsActions, StatsApiActions, StatsRealtimeActions } from './stats.actions';
import { updatesTopLevel } from './stats.reducer';
import { selectDashboard } from './stats.selectors';

/** The clock, as a token so that specs can stop time. */
export const STATS_CLOCK = new InjectionToken<() => number>('PosCalls4U stats clock', {
  providedIn: 'root',
  factory: () => () => Date.now(),
});

/** The scheduler of the refetch throttle, as a token so that specs can run it virtually. */
export const STATS_SCHEDULER = new InjectionToken<SchedulerLike>('PosCalls4U stats scheduler', {
  providedIn: 'root',
  factory: () => asyncScheduler,
});

/** At most one refetch of the whole dashboard per this many ms, however busy the floor. */
export const REFETCH_THROTTLE_MS = 1000;

export function statsFailedMessage(error: unknown): string {
  const failure = toApiFailure(error);
  if (isServerUnreachable(failure)) {
    return 'The server cannot be reached. The figures shown may be out of date.';
  }
  return failure.message ?? 'The figures could not be loaded. Try again.';
}

const closed = (actions$: Actions) =>
  actions$.pipe(
    ofType(
      StatsActions.dashboardClosed,
      AuthActions.signOut,
      AuthActions.sessionExpired,
      AuthActions.signedOutEverywhere,
    ),
  );

function toActions(message: RealtimeMessage): Observable<Action> {
  switch (message.type) {
    case 'connected':
      return of(StatsRealtimeActions.connected());
    case 'disconnected':
      return of(StatsRealtimeActions.disconnected({ reason: message.reason }));
    case 'dashboard:update':
      return of(StatsRealtimeActions.dashboardUpdated({ update: message.payload }));
    case 'agent:status':
      return of(StatsRealtimeActions.agentStatusChanged({ event: message.payload }));
    case 'call:updated':
      return of(StatsRealtimeActions.callChanged({ call: message.payload.call }));
    case 'notification':
      return of(StatsRealtimeActions.notificationReceived({ notification: message.payload }));
    case 'session:ended':
      return of(StatsRealtimeActions.sessionEnded({ reason: message.payload.reason }));
    // The supervisor takes no calls; the queue figures come with `dashboard:update`; the grid's
    // assists follow `call:assist` through the calls library's CallAssists.
    case 'call:offered':
    case 'call:statistics':
    case 'call:assist':
    case 'call:supervisor':
      return EMPTY;
  }
}

/** The live events, from the dashboard's opening until it closes or the session ends. */
export const statsRealtime$ = createEffect(
  (actions$ = inject(Actions), realtime = inject(RealtimeClient)) =>
    actions$.pipe(
      ofType(StatsActions.dashboardOpened),
      exhaustMap(() => realtime.connect().pipe(takeUntil(closed(actions$)))),
      mergeMap(toActions),
    ),
  { functional: true },
);

/**
 * The whole dashboard: on opening, on request, after every reconnect (events missed while the
 * connection was down), and after live changes the pushed figures do not cover (an agent's
 * state or a call moved: the grid, the waiting calls, the chart; a team's figures when several
 * teams are summed), throttled to one request per second, the last change always followed.
 */
export const loadDashboard$ = createEffect(
  (
    actions$ = inject(Actions),
    api = inject(StatsApi),
    store = inject(Store),
    now = inject(STATS_CLOCK),
    scheduler = inject(STATS_SCHEDULER),
  ) => {
    const live$ = merge(
      actions$.pipe(
        // A notification is a new alert: re-read the server's list so it shows there at once.
        ofType(
          StatsRealtimeActions.agentStatusChanged,
          StatsRealtimeActions.callChanged,
          StatsRealtimeActions.notificationReceived,
        ),
      ),
      actions$.pipe(
        ofType(StatsRealtimeActions.dashboardUpdated),
        withLatestFrom(store.select(selectDashboard)),
        filter(
          ([{ update }, dashboard]) => dashboard !== null && !updatesTopLevel(dashboard, update),
        ),
      ),
    ).pipe(throttleTime(REFETCH_THROTTLE_MS, scheduler, { leading: true, trailing: true }));
    return merge(
      actions$.pipe(ofType(StatsActions.dashboardOpened, StatsActions.refreshRequested)),
      actions$.pipe(ofType(StatsRealtimeActions.connected)),
      live$,
    ).pipe(
      switchMap(() =>
        api.dashboard().pipe(
          map((dashboard) => StatsApiActions.dashboardLoaded({ dashboard, receivedAt: now() })),
          catchError((error: unknown) =>
            of(StatsApiActions.dashboardFailed({ message: statsFailedMessage(error) })),
          ),
          takeUntil(closed(actions$)),
        ),
      ),
    );
  },
  { functional: true },
);

/** Alert crossings pop up as a snackbar too (the list keeps them). */
export const showNotification$ = createEffect(
  (actions$ = inject(Actions), snackBar = inject(MatSnackBar)) =>
    actions$.pipe(
      ofType(StatsRealtimeActions.notificationReceived),
      // A stored notification (it carries `notification`) shows in the bell; the live KPI alert
      // of the team, sent beside it, is the one that pops up.
      filter(({ notification }) => notification.notification === undefined),
      tap(({ notification }) => {
        snackBar.open(`${notification.title}: ${notification.message}`, 'Dismiss', {
          duration: 8000,
          politeness: notification.level === 'critical' ? 'assertive' : 'polite',
        });
      }),
    ),
  { functional: true, dispatch: false },
);

export const statsEffects = {
  ...realtimeSessionEffects(StatsRealtimeActions.sessionEnded),
  statsRealtime$,
  loadDashboard$,
  showNotification$,
};
