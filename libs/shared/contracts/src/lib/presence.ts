import { PageQuery } from './envelope';

/** Agent states. `on_call` and `wrap_up` are set by the system as calls move; agents set the rest. */
export const AgentStatus = {
  Offline: 'offline',
  Available: 'available',
  OnCall: 'on_call',
  WrapUp: 'wrap_up',
  Break: 'break',
} as const;

export type AgentStatus = (typeof AgentStatus)[keyof typeof AgentStatus];

export const AGENT_STATUSES: readonly AgentStatus[] = Object.values(AgentStatus);

/** The states an agent may choose for themselves. */
export const SELF_SET_STATUSES: readonly AgentStatus[] = [
  AgentStatus.Offline,
  AgentStatus.Available,
  AgentStatus.Break,
];

/** The states a supervisor may force on an agent of their team. */
export const FORCEABLE_STATUSES: readonly AgentStatus[] = [AgentStatus.Offline, AgentStatus.Break];

/** The states an agent may ask for after their current call ("next status"). */
export const NEXT_STATUSES: readonly AgentStatus[] = [AgentStatus.Available, AgentStatus.Break];

export interface BreakReasonView {
  code: string;
  label: string;
  /** Set by the system only (e.g. after a missed offer); not offered to agents. */
  systemOnly: boolean;
  isActive: boolean;
}

export interface PresenceView {
  userId: string;
  name: string;
  status: AgentStatus;
  reason: BreakReasonView | null;
  since: string;
  /** Set by a supervisor rather than the agent or the system. */
  forcedBy: { id: string; name: string } | null;
  /**
   * The state the agent asked for after their current call: applied when its wrap-up ends (or the
   * call ends without one), in the same transaction, so routing never offers a call first. Null
   * when none is pending.
   */
  next: NextStatusView | null;
}

/** A pending "next status": available, or a break with its reason. */
export interface NextStatusView {
  status: AgentStatus;
  reason: BreakReasonView | null;
}

export interface SetPresenceRequest {
  status: AgentStatus;
  /** A break reason code, required with `break`. */
  reason?: string;
}

/** `PUT /api/presence/me/next`: available, or break with a reason, once the current call is over. */
export interface SetNextStatusRequest {
  status: AgentStatus;
  /** A break reason code, required with `break`. */
  reason?: string;
}

/** `data` of `PUT /api/presence/me` and `PUT /api/presence/:userId`: `data.presence`. */
export interface PresenceResult {
  presence: PresenceView;
}

/** `data` of `POST /api/presence/break-reasons` and `PATCH /api/presence/break-reasons/:code`. */
export interface BreakReasonResult {
  breakReason: BreakReasonView;
}

/** Filters of `GET /api/presence`, with `page` and `pageSize`. */
export interface ListPresenceQuery extends PageQuery {
  /** Only the members of this team. */
  teamId?: string;
}

/** Filters of `GET /api/presence/break-reasons`, with `page` and `pageSize`. */
export interface ListBreakReasonsQuery extends PageQuery {
  /** Include the retired ones (admins). */
  includeInactive?: boolean;
}

export interface CreateBreakReasonRequest {
  code: string;
  label: string;
}

export interface UpdateBreakReasonRequest {
  label?: string;
  isActive?: boolean;
}

/** `agent:status` and `team:member-status`: an agent's state changed. */
export interface AgentStatusEvent extends PresenceView {
  teamIds: string[];
}

/** One stretch of an agent's day in one state. */
export interface PresenceIntervalView {
  status: AgentStatus;
  reason: BreakReasonView | null;
  startedAt: string;
  /** Null while the agent is still in this state. */
  endedAt: string | null;
}

/** `GET /api/presence/{userId}/timeline?from=&to=`: the agent's states over a period. */
export interface PresenceTimelineQuery {
  /** ISO date-time; default: 24 hours before `to`. */
  from?: string;
  /** ISO date-time; default: now. */
  to?: string;
}

/** An agent's states over a period. */
export interface PresenceTimeline {
  userId: string;
  name: string;
  /** The intervals that overlap the period, oldest first. */
  intervals: PresenceIntervalView[];
}

/** `data` of `GET /api/presence/{userId}/timeline`: `data.timeline`. */
export interface PresenceTimelineResult {
  timeline: PresenceTimeline;
}
