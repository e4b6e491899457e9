import { CursorPage, CursorPageQuery } from './envelope';

/** What a stored notification is about. A name once published is never reused for another meaning. */
export const NotificationKind = {
  /** A KPI alert of one of the user's teams (or of any team, for admins). */
  KpiAlert: 'kpi_alert',
  /** The user was added to a team. */
  TeamAdded: 'team_added',
  /** The user was removed from a team. */
  TeamRemoved: 'team_removed',
  /** An admin changed the user's role. */
  RoleChanged: 'role_changed',
  /** A direct chat message to the user (who sent it and where; never its text). */
  ChatDirect: 'chat_direct',
  /** The user was mentioned in a chat room (who and where; never the text). */
  ChatMention: 'chat_mention',
  /** Someone (the user, or not) signed in to the account from a browser or place not seen before. */
  NewSignIn: 'new_sign_in',
  /** A scheduled report the user owns was mailed to its recipients. */
  ReportReady: 'report_ready',
  /** A scheduled report the user owns could not be delivered, after all its tries. */
  ReportFailed: 'report_failed',
} as const;

export type NotificationKind = (typeof NotificationKind)[keyof typeof NotificationKind];

export const NOTIFICATION_KINDS = Object.values(NotificationKind);

export type NotificationLevel = 'info' | 'warning' | 'critical';

/** What a notification points at, so a console can open it: ids only, never message text. */
export interface NotificationLink {
  teamId?: string;
  alertId?: string;
  /** A chat room and message (chat notifications). */
  roomId?: string;
  messageId?: string;
  /** The session a sign-in opened (it can be ended from the sessions list). */
  sessionId?: string;
  /** A scheduled report (report notifications). */
  scheduleId?: string;
}

/** One notification of the signed-in user (`GET /api/notifications`). */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  level: NotificationLevel;
  title: string;
  /** A short system text (an alert's words, a team's name); never chat text. */
  body: string;
  link: NotificationLink | null;
  createdAt: string;
  /** When the user marked it read; null while unread. */
  readAt: string | null;
}

export interface ListNotificationsQuery extends CursorPageQuery {
  /** Only the unread ones. */
  unread?: boolean;
}

/** A page of the user's notifications, newest first, with how many are unread in all. */
export interface NotificationPage extends CursorPage<NotificationView> {
  unreadCount: number;
}

export interface NotificationResult {
  notification: NotificationView;
}

/** `POST /api/notifications/read-all`: how many were marked read now. */
export interface NotificationsReadAllResult {
  marked: number;
  unreadCount: number;
}

/** `GET/PUT /api/notifications/preferences`: the muted sources are neither stored nor pushed. */
export interface NotificationPreferences {
  muted: NotificationKind[];
}

export interface NotificationPreferencesResult {
  preferences: NotificationPreferences;
}
