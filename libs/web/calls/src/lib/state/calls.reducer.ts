import { createFeature, createReducer, on } from '@ngrx/store';

import {
  AssistMode,
  BreakReasonView,
  CallView,
  CallerHistory,
  ConsultFailureReason,
  DispositionView,
  Page,
  PresenceView,
  TeamView,
} from '@poscalls4u/contracts';
import { AuthActions } from '@poscalls4u/web-auth';

import { isAgentsCurrentCall, isOnConference } from './call-phase';
import { CallsActions, CallsApiActions, RealtimeActions } from './calls.actions';

/**
 * `connecting` until the first connect, `offline` after a drop (Socket.IO keeps retrying),
 * `ended` when the server ended the session (signed out elsewhere, revoked): no retry helps.
 */
export type RealtimeConnection = 'connecting' | 'online' | 'offline' | 'ended';

export const DEFAULT_HISTORY_PAGE_SIZE = 10;

export interface CallsState {
  connection: RealtimeConnection;
  /** The agent's own state; null until loaded. */
  presence: PresenceView | null;
  breakReasons: BreakReasonView[];
  dispositions: DispositionView[];
  /** The agent's teams, for outbound calls. */
  teams: TeamView[];
  /** True once the teams are known (an agent in no team is told so, not "wait for a call"). */
  teamsLoaded: boolean;
  /** The agent's ringing, live or wrap-up call. */
  current: CallView | null;
  /** Epoch ms when the ringing offer stops ringing (measured on this machine's clock). */
  offerExpiresAt: number | null;
  /** Who is calling: the caller's earlier calls, for the call they came with. */
  callerHistory: { callId: string; history: CallerHistory } | null;
  /**
   * How a supervisor assists the current call, as the agent is told (only where the
   * organisation says so); per call, so that a notice cannot outlive its call.
   */
  supervisor: { callId: string; mode: AssistMode } | null;
  /**
   * Why the agent's last consult closed by itself (the PBX reported it failed), for the call it
   * was on; cleared by the next consult.
   */
  consultFailure: { callId: string; reason: ConsultFailureReason } | null;
  /** The call that last left the screen, so that a late event cannot bring it back. */
  lastFinished: { id: string; updatedAt: string } | null;
  /** A request the agent made is in flight (buttons are disabled meanwhile). */
  busy: boolean;
  /** Why the agent's last request failed, in words for them. */
  error: string | null;
  history: Page<CallView> | null;
  historyQuery: { page: number; pageSize: number };
  historyLoading: boolean;
}

export const initialCallsState: CallsState = {
  connection: 'connecting',
  presence: null,
  breakReasons: [],
  dispositions: [],
  teams: [],
  teamsLoaded: false,
  current: null,
  offerExpiresAt: null,
  callerHistory: null,
  supervisor: null,
  consultFailure: null,
  lastFinished: null,
  busy: false,
  error: null,
  history: null,
  historyQuery: { page: 1, pageSize: DEFAULT_HISTORY_PAGE_SIZE },
  historyLoading: false,
};

/**
 * True when the screen already shows a newer view of this call. The HTTP answer to an action and
 * the socket event of the same or an earlier change arrive in either order: an `on_hold` event
 * landing after the answer to Resume must not put the call back on hold.
 */
function isStale(state: CallsState, call: CallView): boolean {
  const known =
    state.current?.id === call.id
      ? state.current
      : state.lastFinished?.id === call.id
        ? state.lastFinished
        : null;
  return known !== null && Date.parse(call.updatedAt) < Date.parse(known.updatedAt);
}

/**
 * Applies the newest view of a call the agent is concerned with: it stays (or becomes) the
 * current call while it is theirs to work, and leaves the screen once it is not (completed,
 * abandoned, taken back after a reject or a timeout, transferred).
 */
function withCall(state: CallsState, call: CallView): CallsState {
  if (isStale(state, call)) {
    return state;
  }
  // A call transferred to a colleague rings at them now: it leaves this agent's screen (unless
  // the agent is on its conference, or the colleague took it over from there).
  const someoneElses =
    call.agent !== null &&
    state.presence !== null &&
    call.agent.id !== state.presence.userId &&
    !isOnConference(call, state.presence.userId);
  if (isAgentsCurrentCall(call) && !someoneElses) {
    const stillRinging = call.state === 'offered' && state.current?.id === call.id;
    return {
      ...state,
      current: call,
      offerExpiresAt: stillRinging ? state.offerExpiresAt : null,
    };
  }
  if (state.current?.id === call.id) {
    return {
      ...state,
      current: null,
      offerExpiresAt: null,
      lastFinished: { id: call.id, updatedAt: call.updatedAt },
    };
  }
  return state;
}

export const callsFeature = createFeature({
  name: 'calls',
  reducer: createReducer(
    initialCallsState,
    on(
      CallsActions.setStatus,
      CallsActions.setNextStatus,
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
      (state) => ({ ...state, busy: true, error: null }),
    ),
    on(CallsActions.historyPageRequested, (state, { page, pageSize }) => ({
      ...state,
      historyQuery: { page, pageSize },
      historyLoading: true,
    })),
    on(CallsActions.dismissError, (state) => ({ ...state, error: null })),
    on(CallsActions.startConsult, (state) => ({ ...state, consultFailure: null })),
    on(RealtimeActions.consultFailed, (state, { callId, reason }) => ({
      ...state,
      consultFailure: { callId, reason },
    })),
    on(RealtimeActions.supervisorNotice, (state, { callId, mode }) => ({
      ...state,
      supervisor: mode === null ? null : { callId, mode },
    })),
    on(
      CallsApiActions.currentCallLoaded,
      (state, { call, offerExpiresAt, callerHistory, assist }) => {
        // A deadline measured from the offer event beats one read from the API's clock.
        const sameOffer = call?.state === 'offered' && state.current?.id === call.id;
        return {
          ...state,
          current: call,
          offerExpiresAt: sameOffer ? (state.offerExpiresAt ?? offerExpiresAt) : offerExpiresAt,
          callerHistory: call && callerHistory ? { callId: call.id, history: callerHistory } : null,
          supervisor: call && assist ? { callId: call.id, mode: assist.mode } : null,
        };
      },
    ),
    on(CallsApiActions.presenceLoaded, (state, { presence }) => ({ ...state, presence })),
    on(CallsApiActions.breakReasonsLoaded, (state, { reasons }) => ({
      ...state,
      breakReasons: reasons,
    })),
    on(CallsApiActions.dispositionsLoaded, (state, { dispositions }) => ({
      ...state,
      dispositions,
    })),
    on(CallsApiActions.teamsLoaded, (state, { teams }) => ({
      ...state,
      teams,
      teamsLoaded: true,
    })),
    on(CallsApiActions.historyLoaded, (state, { page }) => ({
      ...state,
      history: page,
      historyLoading: false,
    })),
    on(CallsApiActions.statusSet, (state, { presence }) => ({ ...state, presence, busy: false })),
    on(CallsApiActions.callActionSucceeded, (state, { call }) => ({
      ...withCall(state, call),
      busy: false,
    })),
    on(CallsApiActions.requestFailed, (state, { message }) => ({
      ...state,
      busy: false,
      historyLoading: false,
      error: message,
    })),
    on(RealtimeActions.connected, (state) => ({ ...state, connection: 'online' as const })),
    on(RealtimeActions.disconnected, (state) => ({
      ...state,
      connection: state.connection === 'ended' ? state.connection : ('offline' as const),
    })),
    on(RealtimeActions.sessionEnded, (state, { reason }) =>
      reason === 'token_expired' ? state : { ...state, connection: 'ended' as const },
    ),
    on(RealtimeActions.callOffered, (state, { call, offerExpiresAt, callerHistory }) => ({
      ...state,
      current: call,
      offerExpiresAt,
      callerHistory: { callId: call.id, history: callerHistory },
    })),
    on(RealtimeActions.callUpdated, (state, { call }) => withCall(state, call)),
    on(RealtimeActions.statusChanged, (state, { presence }) => ({ ...state, presence })),
    // Nothing of one person's calls survives their sign-out.
    on(
      AuthActions.signOut,
      AuthActions.sessionExpired,
      AuthActions.signedOutEverywhere,
      () => initialCallsState,
    ),
  ),
});
