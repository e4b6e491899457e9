import { PresenceView, Role, SessionView } from '@poscalls4u/contracts';

/**
 * What the domain publishes, by name: one typed map (Immich's EventMap). Publishers never know
 * their subscribers; stats, realtime, alerts (and chat and workforce) subscribe with
 * `@OnDomainEvent`. Events are delivered in-process, after the change has committed; a
 * subscriber's failure is logged and never reaches the publisher.
 */
export interface DomainEventMap {
  /** A committed call change moved these teams' and agents' figures. */
  'call.changed': { teamIds: string[]; agentIds: string[] };
  /** An agent's presence changed (the state as it now is, and the agent's teams). */
  'presence.changed': { presence: PresenceView; teamIds: string[] };
  /** Sessions ended (sign-out, revocation, password change, deactivation, token reuse). */
  'session.revoked': { userId: string; sessionIds: string[]; reason: string };
  /** A wallboard link was revoked: its connections end at once, on every instance. */
  'wallboard.revoked': { linkId: string };
  /** A user joined or left a team. */
  'team.membership.changed': { teamId: string; userId: string; change: 'added' | 'removed' };
  /**
   * A KPI alert started (published once per crossing, by the instance that claimed it): to the
   * team's members and the admins.
   */
  'alert.raised': {
    alertId: string;
    teamId: string;
    level: 'info' | 'warning' | 'critical';
    title: string;
    message: string;
  };
  /**
   * A session started (identity: password, MFA or OAuth sign-in). `newDevice`: the user had
   * signed in before, but never from this address with this browser. Never a token or secret.
   */
  'user.signed-in': {
    userId: string;
    sessionId: string;
    method: SessionView['method'];
    /** "Chrome on Linux": the label the sessions list shows. */
    device: string;
    newDevice: boolean;
    at: string;
  };
  /** A scheduled report's delivery finished: every recipient was mailed (workforce). */
  'report.delivered': {
    scheduleId: string;
    scheduleName: string;
    deliveryId: string;
    ownerId: string;
    recipientCount: number;
  };
  /**
   * A scheduled report's delivery failed for good (workforce): its tries are used up, or it
   * cannot be made at all. `reason` is in plain words for the owner, never a secret or a raw
   * server answer.
   */
  'report.delivery-failed': {
    scheduleId: string;
    scheduleName: string;
    deliveryId: string;
    ownerId: string;
    reason: string;
    attempts: number;
  };
  /** An admin changed a user's role. */
  'user.role.changed': { userId: string; oldRole: Role; newRole: Role };
  /** A team's security profile changed: its members' permissions there may have changed. */
  'team.security-profile.changed': { teamId: string };
  /** A team was archived (chat closes its room for writing). */
  'team.archived': { teamId: string };
}

export type DomainEventName = keyof DomainEventMap;
