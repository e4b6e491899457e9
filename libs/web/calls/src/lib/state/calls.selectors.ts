import { createSelector } from '@ngrx/store';

import { AgentStatus } from '@poscalls4u/contracts';

import { callPhase } from './call-phase';
import { callsFeature } from './calls.reducer';

export const {
  selectCallsState,
  selectConnection,
  selectPresence,
  selectBreakReasons,
  selectDispositions,
  selectTeams,
  selectTeamsLoaded,
  selectCurrent,
  selectOfferExpiresAt,
  selectBusy,
  selectError,
  selectHistory,
  selectHistoryQuery,
  selectHistoryLoading,
} = callsFeature;

export const selectCallPhase = createSelector(selectCurrent, callPhase);

/** The caller's history of the current call; null when none was loaded for it. */
export const selectCallerHistory = createSelector(
  selectCurrent,
  callsFeature.selectCallerHistory,
  (current, loaded) => (current && loaded?.callId === current.id ? loaded.history : null),
);

/** How a supervisor assists the current call (as the agent is told), or null. */
export const selectSupervisorNotice = createSelector(
  selectCurrent,
  callsFeature.selectSupervisor,
  (current, notice) =>
    current &&
    notice?.callId === current.id &&
    (current.state === 'connected' || current.state === 'on_hold')
      ? notice.mode
      : null,
);

/**
 * Why the current call's consult closed by itself, while the call is live and no other consult
 * is open; null otherwise.
 */
export const selectConsultFailure = createSelector(
  selectCurrent,
  callsFeature.selectConsultFailure,
  (current, failure) =>
    current &&
    failure?.callId === current.id &&
    current.consult === null &&
    (current.state === 'connected' || current.state === 'on_hold')
      ? failure.reason
      : null,
);

/** The agent's state; `offline` until it is known. */
export const selectAgentStatus = createSelector(
  selectPresence,
  (presence): AgentStatus => presence?.status ?? AgentStatus.Offline,
);

/**
 * The agent may pick a state only between calls: `on_call` and `wrap_up` follow the call, and
 * the API refuses a change meanwhile (409 INVALID_STATE).
 */
export const selectCanChangeStatus = createSelector(
  selectAgentStatus,
  selectCallPhase,
  // Idle in wrap-up: the after-call work of a conference the agent left (the call went on
  // without them); they end it by choosing their state.
  (status, phase) => phase === 'idle' && status !== AgentStatus.OnCall,
);

/** Dispositions the agent may choose when wrapping up. */
export const selectActiveDispositions = createSelector(selectDispositions, (dispositions) =>
  dispositions.filter((disposition) => disposition.isActive),
);

/** The agent belongs to no team yet (self-signed-up): no queue can offer them a call. */
export const selectHasNoTeam = createSelector(
  selectTeamsLoaded,
  selectTeams,
  (loaded, teams) => loaded && teams.length === 0,
);

/** The state the agent asked for after the current call, if any. */
export const selectNextStatus = createSelector(
  selectPresence,
  (presence) => presence?.next ?? null,
);

/**
 * A next status can be asked for while the agent holds a call (ringing, live or in wrap-up):
 * then the status itself follows the call and cannot be chosen.
 */
export const selectCanChooseNextStatus = createSelector(
  selectAgentStatus,
  selectCallPhase,
  (status, phase) => phase !== 'idle' || status === AgentStatus.OnCall,
);

/** The call ringing at the agent, or null. */
export const selectRingingCall = createSelector(selectCurrent, selectCallPhase, (call, phase) =>
  phase === 'ringing' ? call : null,
);
