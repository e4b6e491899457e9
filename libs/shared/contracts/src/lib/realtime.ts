import { CallOfferedEvent, CallUpdatedEvent } from './calls';
import {
  ChatDeviceChangedEvent,
  ChatIdentityChangedEvent,
  ChatKeyMailboxEvent,
  ChatMessageDeletedEvent,
  ChatMessageEvent,
  ChatReadEvent,
  ChatRoomChangedEvent,
  ChatUnreadEvent,
} from './chat';
import { NotificationView } from './notifications';
import { AgentStatusEvent } from './presence';
import { Permission, TeamPermission } from './roles';
import { DashboardUpdateEvent } from './stats';

/**
 * The Socket.IO contract: connect to the API origin with `io(url, { auth: { token } })` (an
 * access token); these are the events each side may send, with their payloads.
 */

/** Codes a refused connection carries in `connect_error` (`error.message` and `error.data.code`). */
export const RealtimeErrorCode = {
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
} as const;

export type RealtimeErrorCode = (typeof RealtimeErrorCode)[keyof typeof RealtimeErrorCode];

/** Why the server ended a connection, sent as `session:ended` just before it disconnects. */
export interface SessionEndedPayload {
  reason: 'logout' | 'revoked' | 'token_expired' | string;
}

export interface NotificationPayload {
  id: string;
  level: 'info' | 'warning' | 'critical';
  title: string;
  message: string;
  at: string;
  /**
   * Set when the notification is stored in the user's notification centre (then `id` is its id,
   * so a client that also lists them can drop a duplicate); absent on a team's live KPI alert,
   * whose `id` is the alert's.
   */
  notification?: NotificationView;
}

/** Events the server sends. Later modules (calls, stats) add theirs here. */
export interface ServerToClientEvents {
  'session:ended': (payload: SessionEndedPayload) => void;
  notification: (payload: NotificationPayload) => void;
  /** An agent's state changed: to the agent, their teams and the admins. */
  'agent:status': (payload: AgentStatusEvent) => void;
  /** The seed brief's event: the same change, for team member lists. */
  'team:member-status': (payload: AgentStatusEvent) => void;
  /** A call rings at this agent: to the agent only. */
  'call:offered': (payload: CallOfferedEvent) => void;
  /** A call moved: to its agent, the members of its team holding `calls:read-team`, the admins. */
  'call:updated': (payload: CallUpdatedEvent) => void;
  /** The seed brief's event: a queue's live figures, to the team's `stats:team` holders and the admins. */
  'call:statistics': (payload: CallStatisticsEvent) => void;
  /**
   * Fresh figures of a scope: the center (to admins), a team (to its room), an agent (to them).
   * Coalesced: at most a few per second per room, however busy the floor.
   */
  'dashboard:update': (payload: DashboardUpdateEvent) => void;
  /**
   * The user's permissions may have changed (they joined or left a team, or a team's security
   * profile changed): to the user only. Read `GET /api/auth/permissions` again.
   */
  'permissions:changed': (payload: PermissionsChangedEvent) => void;
  /** A new message in a room: to its current members. */
  'chat:message': (payload: ChatMessageEvent) => void;
  /** A message's new ciphertext: to the room's current members. */
  'chat:message-edited': (payload: ChatMessageEvent) => void;
  /** A message's ciphertext was removed: to the room's current members. */
  'chat:message-deleted': (payload: ChatMessageDeletedEvent) => void;
  /** A member moved their read marker: to the room's current members. */
  'chat:read': (payload: ChatReadEvent) => void;
  /** The user's unread count in a room: to that user only. */
  'chat:unread': (payload: ChatUnreadEvent) => void;
  /** A room was created, archived or its members changed: to its members, past and present. */
  'chat:room-changed': (payload: ChatRoomChangedEvent) => void;
  /** Sealed room keys wait for one of the user's devices: to that user only. */
  'chat:key-mailbox': (payload: ChatKeyMailboxEvent) => void;
  /** A user's identity key changed: to everyone sharing a room with them. */
  'chat:identity-changed': (payload: ChatIdentityChangedEvent) => void;
  /** A user's device was added or revoked: to everyone sharing a room with them, and the user. */
  'chat:device-changed': (payload: ChatDeviceChangedEvent) => void;
}

/** `permissions:changed`: which team's membership or profile changed. */
export interface PermissionsChangedEvent {
  teamId: string;
}

/** `call:statistics`: the live state of one team's queue, sent when it changes. */
export interface CallStatisticsEvent {
  teamId: string;
  /** Calls queued or ringing at an agent. */
  callsWaiting: number;
  /** Seconds the longest-waiting call has waited, 0 when none. */
  longestWaitSeconds: number;
  /** Agents of the team by state. */
  agents: { available: number; onCall: number; wrapUp: number; break: number; offline: number };
  at: string;
}

/** Events a client sends. */
export interface ClientToServerEvents {
  /** Hands a fresh access token to a live connection before the old one expires. */
  'auth:renew': (
    token: string,
    ack: (result: { ok: boolean; code?: RealtimeErrorCode }) => void,
  ) => void;
}

/**
 * Team events that only the members holding a team permission receive (the others of the team
 * hear its presence changes and notifications only): sent to `RealtimeRoom.teamPermission`.
 */
export const TEAM_EVENT_PERMISSIONS = {
  'call:updated': Permission.CallsReadTeam,
  'call:statistics': Permission.StatsTeam,
  'dashboard:update': Permission.StatsTeam,
} as const satisfies Partial<Record<keyof ServerToClientEvents, TeamPermission>>;

/** The team permissions that gate a room. */
export const ROOM_PERMISSIONS: readonly TeamPermission[] = [
  ...new Set<TeamPermission>(Object.values(TEAM_EVENT_PERMISSIONS)),
];

/**
 * Rooms a connection joins, server-side only: its user, its session, its role group, each of its
 * teams, and in each team the rooms of the `ROOM_PERMISSIONS` it holds there.
 */
export const RealtimeRoom = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  team: (teamId: string) => `team:${teamId}`,
  teamPermission: (teamId: string, permission: TeamPermission) => `team:${teamId}:${permission}`,
  supervisors: 'supervisors',
  admins: 'admins',
  /**
   * A wallboard link's connections (its revocation disconnects them) and the wallboard rooms of
   * a team (its `dashboard:update`): the only rooms a wallboard credential joins.
   */
  wallboard: (linkId: string) => `wallboard:${linkId}`,
  wallboardTeam: (teamId: string) => `wallboard-team:${teamId}`,
} as const;
