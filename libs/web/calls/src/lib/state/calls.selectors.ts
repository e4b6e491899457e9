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
  selectCurrent,
  selectOfferExpiresAt,
  selectBusy,
  selectError,
  selectHistory,
  selectHistoryQuery,
  selectHistoryLoading,
} = callsFeature;

export const selectCallPhase = createSelector(selectCurrent, callPhase);

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
  (status, phase) =>
    phase === 'idle' && status !== AgentStatus.OnCall && status !== AgentStatus.WrapUp,
);

/** Dispositions the agent may choose when wrapping up. */
export const selectActiveDispositions = createSelector(selectDispositions, (dispositions) =>
  dispositions.filter((disposition) => disposition.isActive),
);
