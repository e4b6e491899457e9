import { Injectable } from '@nestjs/common';

import { NotificationKind, Role, SessionView } from '@poscalls4u/contracts';

import { UserDirectory } from '../identity/access';
import { DomainEventMap, OnDomainEvent } from '../platform/events';
import { TeamsService } from '../teams';
import { NotificationsService } from './notifications.service';

const ROLE_NAMES: Record<Role, string> = {
  [Role.Admin]: 'admin',
  [Role.Supervisor]: 'supervisor',
  [Role.Agent]: 'agent',
};

/** How a session began, as its owner reads it. */
const SIGN_IN_METHODS: Record<SessionView['method'], string> = {
  password: 'password',
  mfa: 'password and authenticator code',
  google: 'Google',
  facebook: 'Facebook',
};

/**
 * Turns the domain events of other areas into stored notifications: they never call the centre,
 * they publish and this listens. Each event is published once (by the instance where the change
 * happened), so each recipient gets one notification however many instances run.
 */
@Injectable()
export class NotificationSources {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly teams: TeamsService,
    private readonly directory: UserDirectory,
  ) {}

  /** A KPI alert goes to those who hear it live: the team's members and the admins. */
  @OnDomainEvent('alert.raised')
  async alertRaised(event: DomainEventMap['alert.raised']): Promise<void> {
    const [audience, adminIds] = await Promise.all([
      this.teams.audienceOf(event.teamId),
      this.directory.activeAdminIds(),
    ]);
    await this.notifications.notify({
      userIds: [...(audience?.memberIds ?? []), ...adminIds],
      kind: NotificationKind.KpiAlert,
      level: event.level,
      title: event.title,
      body: event.message,
      link: { teamId: event.teamId, alertId: event.alertId },
    });
  }

  @OnDomainEvent('team.membership.changed')
  async membershipChanged(event: DomainEventMap['team.membership.changed']): Promise<void> {
    const team = await this.teams.audienceOf(event.teamId);
    const name = team?.name ?? 'a team';
    await this.notifications.notify({
      userIds: [event.userId],
      ...(event.change === 'added'
        ? {
            kind: NotificationKind.TeamAdded,
            title: 'Added to a team',
            body: `You are now a member of ${name}.`,
          }
        : {
            kind: NotificationKind.TeamRemoved,
            title: 'Removed from a team',
            body: `You are no longer a member of ${name}.`,
          }),
      level: 'info',
      link: { teamId: event.teamId },
    });
  }

  /**
   * A sign-in from a browser or address the account had not used: the owner learns of it at
   * once, on every device already signed in, and can end the session from the sessions list.
   */
  @OnDomainEvent('user.signed-in')
  async signedIn(event: DomainEventMap['user.signed-in']): Promise<void> {
    if (!event.newDevice) return;
    await this.notifications.notify({
      userIds: [event.userId],
      kind: NotificationKind.NewSignIn,
      level: 'warning',
      title: 'New sign-in to your account',
      body: `${event.device} signed in (${SIGN_IN_METHODS[event.method]}). If this was not you, end that session under Profile > Sessions and change your password.`,
      link: { sessionId: event.sessionId },
    });
  }

  /** A scheduled report went out: its owner hears that it is in the recipients' mail. */
  @OnDomainEvent('report.delivered')
  async reportDelivered(event: DomainEventMap['report.delivered']): Promise<void> {
    await this.notifications.notify({
      userIds: [event.ownerId],
      kind: NotificationKind.ReportReady,
      level: 'info',
      title: 'Report ready',
      body: `"${event.scheduleName}" was mailed to ${event.recipientCount} ${event.recipientCount === 1 ? 'recipient' : 'recipients'}.`,
      link: { scheduleId: event.scheduleId },
    });
  }

  /** A scheduled report could not be delivered: its owner hears which one and why, in words. */
  @OnDomainEvent('report.delivery-failed')
  async reportDeliveryFailed(event: DomainEventMap['report.delivery-failed']): Promise<void> {
    await this.notifications.notify({
      userIds: [event.ownerId],
      kind: NotificationKind.ReportFailed,
      level: 'warning',
      title: 'Report failed',
      body: `"${event.scheduleName}" could not be delivered after ${event.attempts} ${event.attempts === 1 ? 'try' : 'tries'}. ${event.reason}`,
      link: { scheduleId: event.scheduleId },
    });
  }

  @OnDomainEvent('user.role.changed')
  async roleChanged(event: DomainEventMap['user.role.changed']): Promise<void> {
    await this.notifications.notify({
      userIds: [event.userId],
      kind: NotificationKind.RoleChanged,
      level: 'info',
      title: 'Your role changed',
      body: `Your role is now ${ROLE_NAMES[event.newRole]} (it was ${ROLE_NAMES[event.oldRole]}).`,
    });
  }
}
