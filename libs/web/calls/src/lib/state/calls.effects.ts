import { InjectionToken, inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { Action, Store } from '@ngrx/store';
import {
  EMPTY,
  Observable,
  catchError,
  concatMap,
  exhaustMap,
  filter,
  map,
  merge,
  mergeMap,
  of,
  switchMap,
  takeUntil,
  withLatestFrom,
} from 'rxjs';

import {
  CONSULT_FAILURE_REASONS,
  CallState,
  CallView,
  ConsultFailureReason,
  FINAL_CALL_STATES,
} from '@poscalls4u/contracts';
import { AuthActions, selectUser } from '@poscalls4u/web-auth';
import { isServerUnreachable, toApiFailure } from '@poscalls4u/web-core';
import { RealtimeClient, RealtimeMessage, realtimeSessionEffects } from '@poscalls4u/web-realtime';

import { CallsApi } from '../calls-api';
import { PresenceApi } from '../presence-api';
import { concernsAgent } from './call-phase';
import { CallsActions, CallsApiActions, RealtimeActions } from './calls.actions';
import { selectCurrent, selectHistoryQuery } from './calls.selectors';

/** The clock, as a token so that specs can stop time. */
export const CALLS_CLOCK = new InjectionToken<() => number>('PosCalls4U calls clock', {
  providedIn: 'root',
  factory: () => () => Date.now(),
});

/** Words for the agent when a request fails: the API's own message, which names the problem. */
export function requestFailedMessage(error: unknown): string {
  const failure = toApiFailure(error);
  if (isServerUnreachable(failure)) {
    return 'The server cannot be reached. Check your connection and try again.';
  }
  return failure.message ?? 'Something went wrong. Try again.';
}

const failed = (error: unknown) =>
  of(CallsApiActions.requestFailed({ message: requestFailedMessage(error) }));

/** When a ringing call stops ringing: from the API's instant (after a reload), else null. */
export function offerExpiry(call: CallView | null): number | null {
  if (call?.state !== 'offered' || call.offerExpiresAt === null) {
    return null;
  }
  const at = Date.parse(call.offerExpiresAt);
  return Number.isNaN(at) ? null : at;
}

const signedOut = (actions$: Actions) =>
  actions$.pipe(
    ofType(AuthActions.signOut, AuthActions.sessionExpired, AuthActions.signedOutEverywhere),
  );

/**
 * The live events, from the call screen's first opening until sign-out. Only what concerns this
 * agent becomes an action: the gateway also sends the team's other calls and colleagues' states.
 */
export const realtime$ = createEffect(
  (
    actions$ = inject(Actions),
    realtime = inject(RealtimeClient),
    store = inject(Store),
    now = inject(CALLS_CLOCK),
  ) =>
    actions$.pipe(
      ofType(CallsActions.screenOpened),
      exhaustMap(() => realtime.connect().pipe(takeUntil(signedOut(actions$)))),
      withLatestFrom(store.select(selectUser), store.select(selectCurrent)),
      mergeMap(([message, user, current]) =>
        user === null ? EMPTY : toActions(message, user.id, current?.id ?? null, now),
      ),
    ),
  { functional: true },
);

function toActions(
  message: RealtimeMessage,
  agentId: string,
  currentCallId: string | null,
  now: () => number,
): Observable<Action> {
  switch (message.type) {
    case 'connected':
      return of(RealtimeActions.connected());
    case 'disconnected':
      return of(RealtimeActions.disconnected({ reason: message.reason }));
    case 'call:offered': {
      // The countdown runs from the timeout, not the API's clock, which may differ from ours.
      const { call, timeoutSeconds, callerHistory } = message.payload;
      return of(
        RealtimeActions.callOffered({
          call,
          offerExpiresAt: now() + timeoutSeconds * 1000,
          callerHistory,
        }),
      );
    }
    case 'call:updated': {
      const { call, event } = message.payload;
      if (!concernsAgent(call, agentId, currentCallId)) return EMPTY;
      // The agent is told why their consult closed by itself.
      return event.type === 'consult_failed'
        ? of(
            RealtimeActions.callUpdated({ call }),
            RealtimeActions.consultFailed({
              callId: call.id,
              reason: consultFailureReason(event.details?.['reason']),
            }),
          )
        : of(RealtimeActions.callUpdated({ call }));
    }
    case 'call:supervisor':
      return of(RealtimeActions.supervisorNotice(message.payload));
    case 'agent:status': {
      const { teamIds: _teamIds, ...presence } = message.payload;
      return presence.userId === agentId ? of(RealtimeActions.statusChanged({ presence })) : EMPTY;
    }
    case 'session:ended':
      return of(RealtimeActions.sessionEnded({ reason: message.payload.reason }));
    // Figures, alerts and assists: the "My day" panel and the supervisor console follow these.
    case 'call:statistics':
    case 'call:assist':
    case 'dashboard:update':
    case 'notification':
      return EMPTY;
  }
}

/**
 * The current call and the agent's state, on opening and after every (re)connect: events missed
 * while the connection was down, or a reload mid-call, must not leave a stale screen.
 */
export const loadCurrentCall$ = createEffect(
  (actions$ = inject(Actions), api = inject(CallsApi)) =>
    actions$.pipe(
      ofType(CallsActions.screenOpened, RealtimeActions.connected),
      switchMap(() =>
        api.current().pipe(
          map(({ call, callerHistory, assist }) =>
            CallsApiActions.currentCallLoaded({
              call,
              offerExpiresAt: offerExpiry(call),
              callerHistory,
              assist,
            }),
          ),
          catchError(failed),
        ),
      ),
    ),
  { functional: true },
);

export const loadPresence$ = createEffect(
  (actions$ = inject(Actions), api = inject(PresenceApi), store = inject(Store)) =>
    actions$.pipe(
      ofType(CallsActions.screenOpened, RealtimeActions.connected),
      withLatestFrom(store.select(selectUser)),
      filter(([, user]) => user !== null),
      switchMap(([, user]) =>
        api.mine(user?.id ?? '').pipe(
          map((presence) => CallsApiActions.presenceLoaded({ presence })),
          catchError(failed),
        ),
      ),
    ),
  { functional: true },
);

/** The lists the screen's forms choose from; they change rarely, so once per opening. */
export const loadChoices$ = createEffect(
  (actions$ = inject(Actions), calls = inject(CallsApi), presence = inject(PresenceApi)) =>
    actions$.pipe(
      ofType(CallsActions.screenOpened),
      switchMap(() =>
        merge(
          presence
            .breakReasons()
            .pipe(map((reasons) => CallsApiActions.breakReasonsLoaded({ reasons }))),
          calls
            .dispositions()
            .pipe(map((dispositions) => CallsApiActions.dispositionsLoaded({ dispositions }))),
        ).pipe(catchError(failed)),
      ),
    ),
  { functional: true },
);

/**
 * The agent's teams, on opening and whenever their permissions are read again (the auth state
 * does so when a team's membership changes): an agent added to their first team sees at once
 * that calls can now reach them.
 */
export const loadTeams$ = createEffect(
  (actions$ = inject(Actions), calls = inject(CallsApi)) =>
    actions$.pipe(
      ofType(CallsActions.screenOpened, AuthActions.permissionsLoaded),
      switchMap(() =>
        calls.teams().pipe(
          map((teams) => CallsApiActions.teamsLoaded({ teams })),
          catchError(failed),
        ),
      ),
    ),
  { functional: true },
);

/** States a call is in after the agent's action sent it to someone else. */
const LEFT: readonly CallState[] = [CallState.Queued, CallState.Offered];

/** The first page on opening; the page asked for; the same page again when a call finished. */
export const loadHistory$ = createEffect(
  (actions$ = inject(Actions), api = inject(CallsApi), store = inject(Store)) => {
    const finished$ = merge(
      actions$.pipe(
        ofType(RealtimeActions.callUpdated),
        filter(({ call }) => FINAL_CALL_STATES.includes(call.state)),
      ),
      actions$.pipe(
        ofType(CallsApiActions.callActionSucceeded),
        // Also a call the agent's own action sent away without ending it (a transfer to a queue
        // or a colleague, a reject): their part of it is history now.
        filter(({ call }) => FINAL_CALL_STATES.includes(call.state) || LEFT.includes(call.state)),
      ),
    );
    return merge(
      actions$.pipe(ofType(CallsActions.screenOpened, CallsActions.historyPageRequested)),
      finished$,
    ).pipe(
      withLatestFrom(store.select(selectHistoryQuery), store.select(selectUser)),
      filter(([, , user]) => user !== null),
      // Newest first: the API lists calls by creation time, latest first.
      switchMap(([, query, user]) =>
        api.list({ ...query, agentId: user?.id }).pipe(
          map((page) => CallsApiActions.historyLoaded({ page })),
          catchError(failed),
        ),
      ),
    );
  },
  { functional: true },
);

export const setStatus$ = createEffect(
  (actions$ = inject(Actions), api = inject(PresenceApi)) =>
    actions$.pipe(
      ofType(CallsActions.setStatus),
      exhaustMap(({ request }) =>
        api.setMine(request).pipe(
          map((presence) => CallsApiActions.statusSet({ presence })),
          catchError(failed),
        ),
      ),
    ),
  { functional: true },
);

/** The next status, or (null) forgetting it; answered with the agent's state. */
export const setNextStatus$ = createEffect(
  (actions$ = inject(Actions), api = inject(PresenceApi)) =>
    actions$.pipe(
      ofType(CallsActions.setNextStatus),
      exhaustMap(({ request }) =>
        (request === null ? api.clearMyNext() : api.setMyNext(request)).pipe(
          map((presence) => CallsApiActions.statusSet({ presence })),
          catchError(failed),
        ),
      ),
    ),
  { functional: true },
);

/** One agent request at a time: a double click must not answer, then end, by accident. */
export const actOnCall$ = createEffect(
  (actions$ = inject(Actions), api = inject(CallsApi)) =>
    actions$.pipe(
      ofType(
        CallsActions.actOnCall,
        CallsActions.wrapUp,
        CallsActions.transferCall,
        CallsActions.startConsult,
        CallsActions.endConsult,
        CallsActions.mergeConference,
        CallsActions.addConferenceParty,
        CallsActions.removeConferenceParty,
        CallsActions.leaveConference,
        CallsActions.startOutboundCall,
      ),
      exhaustMap((action) => {
        const request$ = (() => {
          switch (action.type) {
            case CallsActions.wrapUp.type:
              return api.wrapUp(action.callId, action.request);
            case CallsActions.actOnCall.type:
              return api.act(action.callId, action.action);
            case CallsActions.transferCall.type:
              return api.transfer(action.callId, action.request);
            case CallsActions.startConsult.type:
              return api.startConsult(action.callId, action.target);
            case CallsActions.endConsult.type:
              return api.endConsult(action.callId, action.outcome);
            case CallsActions.mergeConference.type:
              return api.mergeConference(action.callId);
            case CallsActions.addConferenceParty.type:
              return api.addConferenceParty(action.callId, action.target);
            case CallsActions.removeConferenceParty.type:
              return api.removeConferenceParty(action.callId, action.partyId);
            case CallsActions.leaveConference.type:
              return api.leaveConference(action.callId);
            case CallsActions.startOutboundCall.type:
              return api.startOutbound(action.request);
          }
        })();
        return request$.pipe(
          map((call) => CallsApiActions.callActionSucceeded({ call })),
          catchError(failed),
        );
      }),
    ),
  { functional: true },
);

/**
 * Keypad presses, in the order pressed: each is sent after the one before it has gone through
 * (never dropped while another runs, as the other call actions are).
 */
export const sendDtmf$ = createEffect(
  (actions$ = inject(Actions), api = inject(CallsApi)) =>
    actions$.pipe(
      ofType(CallsActions.sendDtmf),
      concatMap(({ callId, digits }) =>
        api.sendDtmf(callId, digits).pipe(
          map((call) => CallsApiActions.callActionSucceeded({ call })),
          catchError(failed),
        ),
      ),
    ),
  { functional: true },
);

export const callsEffects = {
  ...realtimeSessionEffects(RealtimeActions.sessionEnded),
  realtime$,
  loadCurrentCall$,
  loadPresence$,
  loadChoices$,
  loadTeams$,
  loadHistory$,
  setStatus$,
  setNextStatus$,
  actOnCall$,
  sendDtmf$,
};

/** The reason a `consult_failed` event carries; `unreachable` for anything unknown. */
function consultFailureReason(value: unknown): ConsultFailureReason {
  return CONSULT_FAILURE_REASONS.find((reason) => reason === value) ?? 'unreachable';
}
