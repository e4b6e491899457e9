import { CursorPageQuery, PageQuery } from './envelope';
import { AgentStatus } from './presence';

/**
 * Calls: the state machine, the agent actions and the views of `/api/calls`.
 *
 * Inbound:  queued -> offered -> connected <-> on_hold -> wrap_up -> completed
 *           connected/on_hold -> queued: a blind transfer to a team's queue or to a named agent
 *           (then queued -> offered to that agent at once); the agent's segment closes and the
 *           call, keeping its id, starts a new one
 *           queued -> abandoned (also offered -> abandoned: the caller hangs up while it rings)
 *           offered -> queued (rejected, or not answered within the offer timeout)
 * Outbound: dialing -> connected -> ... -> completed, dialing -> failed
 * A call that was connected and ends without an agent to wrap it up (PBX-only) goes
 * connected/on_hold -> completed.
 *
 * Conference (a sub-state of `connected`, `call.conference` open): on_hold with a consult open
 * -> connected (`conference_started`: the caller, the agent and the consulted party talk). The
 * call's agent (its owner) adds and removes parties (at most MAX_CONFERENCE_PARTIES, the caller
 * included) and may leave: ownership passes to another agent or supervisor on the conference (a
 * transfer: connected -> queued -> connected, the leaver's segment closes), or, with only
 * outside parties left, the call leaves the platform (connected -> completed, as a transfer to a
 * number). Ending the call (connected -> wrap_up) ends the conference. Each party moves
 * joining -> joined -> left (CONFERENCE_PARTY_TRANSITIONS).
 */
export const CallState = {
  Dialing: 'dialing',
  Queued: 'queued',
  Offered: 'offered',
  Connected: 'connected',
  OnHold: 'on_hold',
  WrapUp: 'wrap_up',
  Completed: 'completed',
  Abandoned: 'abandoned',
  Failed: 'failed',
} as const;

export type CallState = (typeof CallState)[keyof typeof CallState];

export const CALL_STATES: readonly CallState[] = Object.values(CallState);

/** States a call never leaves: a late event for such a call is acknowledged and ignored. */
export const FINAL_CALL_STATES: readonly CallState[] = [
  CallState.Completed,
  CallState.Abandoned,
  CallState.Failed,
];

/** Every legal move of the state machine; anything else is 409 `INVALID_STATE`. */
export const CALL_TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  dialing: ['connected', 'failed'],
  queued: ['offered', 'abandoned', 'connected'],
  offered: ['connected', 'queued', 'abandoned'],
  connected: ['on_hold', 'wrap_up', 'completed', 'queued'],
  on_hold: ['connected', 'wrap_up', 'completed', 'queued'],
  wrap_up: ['completed'],
  completed: [],
  abandoned: [],
  failed: [],
};

export const CallDirection = {
  Inbound: 'inbound',
  Outbound: 'outbound',
} as const;

export type CallDirection = (typeof CallDirection)[keyof typeof CallDirection];

export const CALL_DIRECTIONS: readonly CallDirection[] = Object.values(CallDirection);

/** What happened to a call, one row per transition (and a few non-transitions such as a QA review). */
export const CallEventType = {
  Dialing: 'dialing',
  Queued: 'queued',
  Offered: 'offered',
  Rejected: 'rejected',
  Missed: 'missed',
  Connected: 'connected',
  Held: 'held',
  Resumed: 'resumed',
  Ended: 'ended',
  WrappedUp: 'wrapped_up',
  Abandoned: 'abandoned',
  Failed: 'failed',
  /**
   * The agent handed the caller on (`details.target`, and `details.segment`: the closed segment's
   * figures). To a number the call leaves the platform (completed); to a queue or an agent it
   * is queued again in the target team and a new segment starts.
   */
  Transferred: 'transferred',
  Reviewed: 'reviewed',
  /** The agent muted their microphone (the caller no longer hears them); no state change. */
  Muted: 'muted',
  Unmuted: 'unmuted',
  /**
   * The agent sent keypad digits to the far end (an IVR, a conference PIN). Only how many is
   * recorded (`details.digitCount`): digits typed into an IVR can be a card number or a PIN.
   */
  Dtmf: 'dtmf',
  /**
   * The agent held the caller and opened a consult leg (`details.target`: an agent or a number).
   * From connected the call moves to on hold; already on hold it stays there.
   */
  ConsultStarted: 'consult_started',
  /** The consult leg ended and the agent took the caller back (on hold -> connected). */
  ConsultCancelled: 'consult_cancelled',
  /**
   * The agent merged the open consult into a conference (on hold -> connected): the caller, the
   * agent and the consulted party (`details.partyIds`).
   */
  ConferenceStarted: 'conference_started',
  /** The call's agent added a party to the conference (`details.partyId`, `details.target`). */
  PartyAdded: 'party_added',
  /** The PBX reports a party's leg is up (`details.partyId`). */
  PartyJoined: 'party_joined',
  /**
   * A party's part of the conference ended (`details.partyId`, `details.reason`: left, removed,
   * hung_up). An agent or supervisor whose part ends goes to after-call work.
   */
  PartyLeft: 'party_left',
  /** The conference ended (`details.reason`): fewer than three parties remain, or the call ended. */
  ConferenceEnded: 'conference_ended',
  /** The PBX reports that the consulted party picked up (`call.consult.answered`); no state change. */
  ConsultAnswered: 'consult_answered',
  /**
   * The PBX reports that the consult leg failed or dropped (`call.consult.failed`,
   * `details.reason`: a ConsultFailureReason): the consult closes and the caller is resumed
   * (on hold -> connected), as a cancel does.
   */
  ConsultFailed: 'consult_failed',
} as const;

export type CallEventType = (typeof CallEventType)[keyof typeof CallEventType];

/** Who caused an event: the agent, a supervisor, the ACD/timers, or the telephony side. */
export type CallEventSource = 'agent' | 'supervisor' | 'system' | 'pbx';

export interface CallEventView {
  id: string;
  type: CallEventType;
  fromState: CallState | null;
  toState: CallState | null;
  /** The agent concerned (offered to, answered by...), when there is one. */
  agent: { id: string; name: string } | null;
  source: CallEventSource;
  occurredAt: string;
  details: Record<string, unknown> | null;
}

/** Durations in whole seconds, derived from the events; null until the phase has happened. */
export interface CallDurations {
  /** Queued until answered or abandoned, time ringing at agents included (the caller waits through it). */
  waitSeconds: number | null;
  /** Offered until answered, summed over every offer. */
  ringSeconds: number | null;
  /** Connected time, hold excluded. */
  talkSeconds: number | null;
  holdSeconds: number | null;
  /** After-call work: wrap-up start until completed. */
  afterCallWorkSeconds: number | null;
  /** Talk + hold + after-call work. */
  handleSeconds: number | null;
}

export interface DispositionView {
  code: string;
  label: string;
  /** Counts as a success in the success rate (success dispositions / handled calls). */
  isSuccess: boolean;
  isActive: boolean;
}

export interface CreateDispositionRequest {
  code: string;
  label: string;
  isSuccess?: boolean;
}

export interface UpdateDispositionRequest {
  label?: string;
  isSuccess?: boolean;
  isActive?: boolean;
}

export interface QaReviewView {
  id: string;
  callId: string;
  reviewer: { id: string; name: string };
  /** 0-100. */
  score: number;
  comments: string | null;
  createdAt: string;
}

export interface CreateQaReviewRequest {
  score: number;
  comments?: string;
}

export interface CallView {
  id: string;
  teamId: string;
  teamName: string;
  direction: CallDirection;
  state: CallState;
  /** Caller number (E.164 or extension). */
  from: string;
  /** Called number. */
  to: string;
  /** The telephony side's id for this call, when it came from an integration. */
  externalId: string | null;
  integrationId: string | null;
  /** Higher is served first; 0 by default. */
  priority: number;
  /** The agent the call is offered to, or who handled it last. */
  agent: { id: string; name: string } | null;
  queuedAt: string | null;
  /**
   * When a transfer sent the call to the back of its (new) queue: its place in line since then.
   * Null: its place is its arrival (`queuedAt`), as for every call not so transferred.
   */
  requeuedAt: string | null;
  /** When the current offer stops ringing (state `offered` only). */
  offerExpiresAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  completedAt: string | null;
  disposition: DispositionView | null;
  notes: string | null;
  durations: CallDurations;
  /** The agent's microphone is muted (`POST /api/calls/:id/mute`); false once the call ends. */
  muted: boolean;
  /** The consult leg the agent has open while the caller holds, or null. */
  consult: CallConsultView | null;
  /**
   * The call's conference with its parties: open while `endedAt` is null, kept after it ended
   * (the history shows who was on it); null for a call that never had one.
   */
  conference: CallConferenceView | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * One agent's part of a call. A transfer closes a segment; the last one is the call's current
 * part (its `durations` are the call's). Ring, talk, hold and after-call work in whole seconds.
 */
export interface CallSegmentView {
  /** 1, 2, ... in order. */
  seq: number;
  teamId: string;
  teamName: string;
  agent: { id: string; name: string } | null;
  /** The agent picked up; null when they never did (yet). */
  startedAt: string | null;
  /** The segment ended: transferred, or the call's talk ended; null while it goes on. */
  endedAt: string | null;
  ringSeconds: number | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  afterCallWorkSeconds: number | null;
  /** How the segment ended: by a transfer (to where), or null (the last segment). */
  transferredTo: TransferTarget | null;
}

export interface CallDetailView extends CallView {
  /** Each agent's part, in order: one segment for a call that was never transferred. */
  segments: CallSegmentView[];
  timeline: CallEventView[];
  qaReviews: QaReviewView[];
}

/**
 * Filters of `GET /api/calls`; `from`/`to` are ISO 8601 instants on the call's creation time.
 * Newest first; paged by `page` or by `cursor` (the previous answer's `nextCursor`).
 */
export interface ListCallsQuery extends CursorPageQuery {
  from?: string;
  to?: string;
  teamId?: string;
  agentId?: string;
  state?: CallState[];
  direction?: CallDirection;
  disposition?: string;
  /** Case-insensitive text searched in the wrap-up notes. */
  q?: string;
}

/** `data` of the call actions, `POST /api/calls` and `POST /api/calls/outbound`: `data.call`. */
export interface CallResult {
  call: CallView;
}

/** One earlier call from the same number, as the agent a call rings at sees it. */
export interface CallerHistoryCall {
  id: string;
  /** When it arrived (or was dialled). */
  at: string;
  direction: CallDirection;
  state: CallState;
  disposition: { code: string; label: string } | null;
  /** Who handled it last; null when nobody answered. */
  agent: { id: string; name: string } | null;
  /** The team (queue) it came to: the call's own team, or the one it was transferred from. */
  teamName: string;
  /** The wrap-up notes; null when none were written. */
  notes: string | null;
  /** Talk + hold + after-call work in seconds; null when it was never answered. */
  handleSeconds: number | null;
}

/**
 * The caller's history: the last calls from the call's `from` number in the call's team (the
 * team the agent answers for), newest first, the call itself left out, and how many there are.
 */
export interface CallerHistory {
  /** At most CALLER_HISTORY_SIZE. */
  calls: CallerHistoryCall[];
  /** Every earlier call from the number in the team. */
  total: number;
  /**
   * The caller in the team's CRM: its `crmUrlTemplate` with `{from}` replaced by the caller's
   * number (URL-encoded); null when the team has no template.
   */
  crmUrl: string | null;
}

/** How many earlier calls the caller's history lists. */
export const CALLER_HISTORY_SIZE = 5;

/**
 * `data` of `GET /api/calls/current`: the caller's live call, or `call: null` when none, with
 * the history of whoever is on the line (null with no call).
 */
export interface CurrentCallResult {
  call: CallView | null;
  callerHistory: CallerHistory | null;
  /**
   * How a supervisor assists the call now, when the organisation tells agents
   * (`showAssistToAgents`); null when nobody does, or when agents are not told.
   */
  assist: { mode: AssistMode } | null;
}

/** `data` of `GET /api/calls/:id`: the call with its timeline and QA reviews. */
export interface CallDetailResult {
  call: CallDetailView;
}

/** `data` of `POST /api/calls/:id/qa-reviews`. */
export interface QaReviewResult {
  review: QaReviewView;
}

/** `data` of `POST /api/dispositions` and `PATCH /api/dispositions/:code`. */
export interface DispositionResult {
  disposition: DispositionView;
}

/** Filters of `GET /api/dispositions`, with `page` and `pageSize`. */
export interface ListDispositionsQuery extends PageQuery {
  /** Include the retired ones (admins). */
  includeInactive?: boolean;
}

/** `POST /api/calls` (supervisor+): put an inbound call in a team's queue by hand. */
export interface CreateCallRequest {
  teamId: string;
  from: string;
  to: string;
  priority?: number;
}

/** `POST /api/calls/outbound` (the agent): dial out on behalf of a team. */
export interface StartOutboundCallRequest {
  teamId: string;
  to: string;
  /** The number shown to the callee; `anonymous` when omitted (teams have no number yet). */
  from?: string;
  /**
   * The telephony integration that places the call: it receives an `agent.dial` webhook and
   * reports the call's progress. Without one, the agent reports `connected` / `failed` by hand.
   */
  integrationId?: string;
}

/**
 * Where a blind transfer sends the caller:
 * - `number`: an outside number; the call leaves the platform and completes (`transferred`).
 * - `queue`: a team's queue; the call joins it keeping its original arrival time (its place in
 *   the line), or at the back of it (the team's `transferredCalls` setting, or the request's
 *   `queuePosition`), and is routed to that team's agents.
 * - `agent`: a named agent of `teamId` (default: the call's team), offered to them at once;
 *   409 `AGENT_UNAVAILABLE` when they are not available and free. Not answered in time or
 *   rejected, the call waits in that team's queue like any other.
 */
export type TransferTarget =
  | {
      type: 'number';
      /** E.164 or an extension the PBX can reach. */
      to: string;
    }
  | { type: 'queue'; teamId: string }
  | { type: 'agent'; agentId: string; teamId?: string };

export const TRANSFER_TARGET_TYPES = ['number', 'queue', 'agent'] as const;

/**
 * An agent a transfer can name: a colleague in one of the caller's teams, with their state now
 * (also a supervisor of one of those teams, whom a consult or a conference can name).
 */
export interface TransferAgentOption {
  id: string;
  name: string;
  teamId: string;
  teamName: string;
  /** Only `available` agents take a transfer (409 AGENT_UNAVAILABLE otherwise). */
  status: AgentStatus;
}

/**
 * `data` of `GET /api/calls/transfer-targets`: where the caller may send a call. Every active
 * team's queue (names only: a floor sends callers to other departments), and the agents of the
 * caller's own teams, themselves left out.
 */
export interface TransferTargetsResult {
  teams: { id: string; name: string }[];
  agents: TransferAgentOption[];
  /**
   * The supervisors of the caller's teams (themselves left out), whom a consult or a conference
   * can name; a blind transfer cannot.
   */
  supervisors: TransferAgentOption[];
}

/**
 * Who a consult (warm transfer) calls while the caller holds: an available agent of a team (as a
 * transfer to an agent: 409 `AGENT_UNAVAILABLE` otherwise), a supervisor of the call's team (409
 * `AGENT_UNAVAILABLE` while they hold another call), or an outside number.
 */
export type ConsultTarget =
  | Extract<TransferTarget, { type: 'agent' | 'number' }>
  | { type: 'supervisor'; supervisorId: string };

export const CONSULT_TARGET_TYPES = ['agent', 'supervisor', 'number'] as const;

/** Who a conference can add: as a consult, an agent of the caller's teams, a supervisor, a number. */
export type ConferenceTarget = ConsultTarget;

/** Most parties on a conference, the caller and the call's agent included. */
export const MAX_CONFERENCE_PARTIES = 6;

export type ConferencePartyKind = 'caller' | 'agent' | 'supervisor' | 'number';

/**
 * A party's leg: `joining` (the PBX rings it), `joined` (up: the PBX confirmed, or there is no
 * PBX to wait for), `left` (final).
 */
export type ConferencePartyState = 'joining' | 'joined' | 'left';

export const CONFERENCE_PARTY_TRANSITIONS: Readonly<
  Record<ConferencePartyState, readonly ConferencePartyState[]>
> = {
  joining: ['joined', 'left'],
  joined: ['left'],
  left: [],
};

/**
 * Why a party's part ended: it left (the agent's own choice, or the PBX reports the leg gone),
 * the call's agent removed it, or the conference (the call) ended.
 */
export type ConferencePartyLeftReason = 'left' | 'removed' | 'hung_up' | 'ended';

/** One party of a conference. */
export interface CallConferencePartyView {
  /** The party's id: the PBX's conference events name it (`partyId`). */
  id: string;
  kind: ConferencePartyKind;
  /** The agent or supervisor; null for the caller and a number. */
  user: { id: string; name: string } | null;
  /** `number` only: the outside number; null otherwise (the caller's number is the call's `from`). */
  number: string | null;
  state: ConferencePartyState;
  addedAt: string;
  joinedAt: string | null;
  leftAt: string | null;
  leftReason: ConferencePartyLeftReason | null;
}

/** A call's conference: open while `endedAt` is null. */
export interface CallConferenceView {
  startedAt: string;
  endedAt: string | null;
  /** Every party it had, in the order they were added (the caller first). */
  parties: CallConferencePartyView[];
}

/** `POST /api/calls/:id/conference/parties` (the call's agent, a conference open). */
export interface AddConferencePartyRequest {
  target: ConferenceTarget;
}

/** `POST /api/calls/:id/consult` (the call's agent, connected or on hold). */
export interface StartConsultRequest {
  target: ConsultTarget;
}

/** A consult in progress on a call. */
export interface CallConsultView {
  /**
   * This consult's id: the `call.consult*` webhooks carry it (`consultId`) and the PBX's
   * `call.consult.answered` / `call.consult.failed` name it, so that a late event of an earlier
   * consult of the call never closes a later one.
   */
  id: string;
  target: ConsultTarget;
  /** The consulted agent (target `agent`), or null for a number. */
  agent: { id: string; name: string } | null;
  startedAt: string;
  /** When the PBX reported that the consulted party picked up; null while it rings. */
  answeredAt: string | null;
}

/**
 * Why the PBX reports a consult leg failed (`call.consult.failed`): nobody picked up, the line
 * was busy, the target could not be reached (a wrong number, an unregistered phone), or the
 * consulted party hung up after answering. The agent is shown it.
 */
export const CONSULT_FAILURE_REASONS = ['no_answer', 'busy', 'unreachable', 'hung_up'] as const;
export type ConsultFailureReason = (typeof CONSULT_FAILURE_REASONS)[number];

/**
 * Where a call transferred into a queue takes its place in line: `keep` its original arrival
 * time (ahead of the callers who arrived after it), or go to the `back` (behind every caller
 * waiting there). Each team sets it for the calls transferred to it (`TeamRoutingView`), and a
 * transfer to a queue may choose for itself.
 */
export const QUEUE_POSITIONS = ['keep', 'back'] as const;
export type QueuePosition = (typeof QUEUE_POSITIONS)[number];

/** `POST /api/calls/:id/transfer` (the call's agent, connected or on hold). */
export interface TransferCallRequest {
  target: TransferTarget;
  /**
   * A `queue` target only: its place in that queue, instead of the team's setting
   * (`transferredCalls` of its routing; `keep` by default).
   */
  queuePosition?: QueuePosition;
}

/** Keypad digits a DTMF request may carry: 0-9, `*` and `#`. */
export const DTMF_DIGITS = /^[0-9*#]+$/;
/** Most digits in one DTMF request (an account number and its `#` fit; a paste of a page does not). */
export const MAX_DTMF_DIGITS = 32;

/** `POST /api/calls/:id/dtmf` (the call's agent, connected): digits the PBX plays to the far end. */
export interface SendDtmfRequest {
  /** 1 to MAX_DTMF_DIGITS of 0-9 * #. */
  digits: string;
}

/** `POST /api/calls/:id/wrap-up`. */
export interface WrapUpCallRequest {
  disposition: string;
  notes?: string;
}

/**
 * Agent actions, each `POST /api/calls/:id/<action>` with an empty body unless noted:
 * `answer`, `reject`, `hold`, `resume`, `end`, `mute`, `unmute`, `wrap-up` (WrapUpCallRequest),
 * and for outbound calls `connected` / `failed` when no PBX reports them. `dtmf`
 * (SendDtmfRequest) and `transfer` (TransferCallRequest) take their own bodies.
 */
export const CALL_ACTIONS = [
  'answer',
  'reject',
  'hold',
  'resume',
  'end',
  'mute',
  'unmute',
  'wrap-up',
] as const;
export type CallAction = (typeof CALL_ACTIONS)[number];

/**
 * How a supervisor assists a live call: `listen` (silent: nobody hears the supervisor),
 * `whisper` (the agent hears the supervisor, the caller does not), `barge` (all three talk).
 */
export const AssistMode = {
  Listen: 'listen',
  Whisper: 'whisper',
  Barge: 'barge',
} as const;

export type AssistMode = (typeof AssistMode)[keyof typeof AssistMode];

export const ASSIST_MODES: readonly AssistMode[] = Object.values(AssistMode);

/** A supervisor's assist in progress on a live call (one supervisor per call at a time). */
export interface CallAssistView {
  callId: string;
  teamId: string;
  /** The agent on the call. */
  agentId: string | null;
  mode: AssistMode;
  supervisor: { id: string; name: string };
  /** When the assist began (switching modes keeps it). */
  startedAt: string;
}

/** `POST /api/calls/:id/assist`: start assisting a live call, or switch to another mode. */
export interface StartAssistRequest {
  mode: AssistMode;
}

/** `data` of `POST /api/calls/:id/assist`. */
export interface CallAssistResult {
  assist: CallAssistView;
}

/**
 * `call:assist`: an assist started, changed mode or stopped (`assist` null), to the members of
 * the call's team holding `calls:monitor` and the admins: the dashboard's agent grid follows it.
 */
export interface CallAssistEvent {
  callId: string;
  teamId: string;
  assist: CallAssistView | null;
  /** Why it stopped: a supervisor stopped it, the call ended, or the PBX reported its end. */
  reason?: 'stopped' | 'call_ended' | 'pbx';
  at: string;
}

/**
 * What the agent on an assisted call is told, when the organisation's setting
 * `showAssistToAgents` says so: `call:supervisor` (live) and `assist` in `GET /api/calls/current`.
 * `mode` null: nobody assists (any more).
 */
export interface CallSupervisorNotice {
  callId: string;
  mode: AssistMode | null;
}

/** `call:offered`: to the agent the call rings at. */
export interface CallOfferedEvent {
  call: CallView;
  /** Seconds the agent has to answer. */
  timeoutSeconds: number;
  /** Who is calling: their earlier calls to the team. */
  callerHistory: CallerHistory;
}

/** `call:updated`: any change of a call, to its agent, its team and the supervisors. */
export interface CallUpdatedEvent {
  call: CallView;
  /** The event that moved it. */
  event: CallEventView;
}
