import { createActionGroup, emptyProps, props } from '@ngrx/store';

import {
  AssistMode,
  BreakReasonView,
  CallView,
  CallerHistory,
  ConferenceTarget,
  ConsultFailureReason,
  ConsultTarget,
  DispositionView,
  Page,
  PresenceView,
  SetNextStatusRequest,
  SetPresenceRequest,
  StartOutboundCallRequest,
  TeamView,
  TransferCallRequest,
  WrapUpCallRequest,
} from '@poscalls4u/contracts';

import { ConsultOutcome, SimpleCallAction } from '../calls-api';

/** What the agent does on the call screen. */
export const CallsActions = createActionGroup({
  source: 'Calls',
  events: {
    /**
     * The signed-in console opened (any page): connect to the live events, so that an offer
     * reaches the agent wherever they are, and load what the call screen shows.
     */
    'Screen Opened': emptyProps(),
    'Set Status': props<{ request: SetPresenceRequest }>(),
    /** The state to take when the current call is over; null forgets it. */
    'Set Next Status': props<{ request: SetNextStatusRequest | null }>(),
    /** Answer, reject, hold, resume, mute, unmute or end the current call. */
    'Act On Call': props<{ callId: string; action: SimpleCallAction }>(),
    /** A key of the call screen's keypad (or several): played into the call by the PBX. */
    'Send Dtmf': props<{ callId: string; digits: string }>(),
    /** A blind transfer of the live call: it leaves the agent once the API has it. */
    'Transfer Call': props<{ callId: string; request: TransferCallRequest }>(),
    /** A consult: the caller holds while the agent talks to the target. */
    'Start Consult': props<{ callId: string; target: ConsultTarget }>(),
    /** The open consult completes (the caller goes over) or is cancelled (the caller is back). */
    'End Consult': props<{ callId: string; outcome: ConsultOutcome }>(),
    /** The open consult becomes a conference: the caller, the agent and the consulted party. */
    'Merge Conference': props<{ callId: string }>(),
    'Add Conference Party': props<{ callId: string; target: ConferenceTarget }>(),
    'Remove Conference Party': props<{ callId: string; partyId: string }>(),
    /** The agent leaves the conference (the call's agent hands the call on) for after-call work. */
    'Leave Conference': props<{ callId: string }>(),
    'Wrap Up': props<{ callId: string; request: WrapUpCallRequest }>(),
    'Start Outbound Call': props<{ request: StartOutboundCallRequest }>(),
    'History Page Requested': props<{ page: number; pageSize: number }>(),
    'Dismiss Error': emptyProps(),
  },
});

/** Answers of the API. */
export const CallsApiActions = createActionGroup({
  source: 'Calls API',
  events: {
    /** `offerExpiresAt`: epoch milliseconds when a ringing call stops ringing, else null. */
    'Current Call Loaded': props<{
      call: CallView | null;
      offerExpiresAt: number | null;
      callerHistory: CallerHistory | null;
      /** A supervisor's assist on the call, when the organisation tells agents. */
      assist: { mode: AssistMode } | null;
    }>(),
    'Presence Loaded': props<{ presence: PresenceView | null }>(),
    'Break Reasons Loaded': props<{ reasons: BreakReasonView[] }>(),
    'Dispositions Loaded': props<{ dispositions: DispositionView[] }>(),
    'Teams Loaded': props<{ teams: TeamView[] }>(),
    'History Loaded': props<{ page: Page<CallView> }>(),
    'Status Set': props<{ presence: PresenceView }>(),
    /** An action on a call (answer, ..., wrap-up, outbound start) went through. */
    'Call Action Succeeded': props<{ call: CallView }>(),
    /** Anything the agent asked for failed; `message` is for the agent. */
    'Request Failed': props<{ message: string }>(),
  },
});

/** What the Socket.IO connection reports. */
export const RealtimeActions = createActionGroup({
  source: 'Realtime',
  events: {
    Connected: emptyProps(),
    Disconnected: props<{ reason: string }>(),
    'Call Offered': props<{
      call: CallView;
      offerExpiresAt: number;
      callerHistory: CallerHistory;
    }>(),
    /** A change of the agent's own call (events about other calls of the team are dropped). */
    'Call Updated': props<{ call: CallView }>(),
    /**
     * The PBX reported that the agent's consult leg failed (no answer, busy, unreachable, or the
     * consulted party hung up): the consult is closed and the caller is back with the agent.
     */
    'Consult Failed': props<{ callId: string; reason: ConsultFailureReason }>(),
    /** A supervisor listens to, whispers to or joined the agent's call (`mode` null: no more). */
    'Supervisor Notice': props<{ callId: string; mode: AssistMode | null }>(),
    /** The agent's own state changed (set by them, by a supervisor or by the system). */
    'Status Changed': props<{ presence: PresenceView }>(),
    'Session Ended': props<{ reason: string }>(),
  },
});
