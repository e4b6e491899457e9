import { Injectable } from '@nestjs/common';

import {
  NotificationKind,
  NotificationLevel,
  NotificationLink,
  NotificationPage,
  NotificationPreferences,
  NotificationView,
  NotificationsReadAllResult,
} from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { AppException, timeIdPage, timeIdWindow } from '../platform/http';
import { RealtimeService } from '../realtime';
import { ListNotificationsQueryDto } from './dto/notification.dto';
import { NotificationRow, NotificationsRepository } from './notifications.repository';

/** How many notifications a user keeps; older ones are deleted as new ones arrive. */
export const NOTIFICATIONS_KEPT_PER_USER = 1000;

/** The name in the list's cursors, so another list's cursor is refused. */
const NOTIFICATIONS_CURSOR = 'notifications';

/** What a source hands the centre: the same notification for each of `userIds`. */
export interface NotificationDraft {
  userIds: string[];
  kind: NotificationKind;
  level: NotificationLevel;
  title: string;
  body: string;
  link?: NotificationLink;
}

/**
 * The notification centre: stores a notification per recipient, pushes each one live to its
 * user's room (`notification`, carrying the stored id), and serves a user their own list.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly realtime: RealtimeService,
  ) {}

  /** Stores and pushes the notification to each recipient who did not mute its source. */
  async notify(draft: NotificationDraft): Promise<NotificationView[]> {
    const recipients = [...new Set(draft.userIds)];
    const muted = await this.repository.mutedAmong(recipients, draft.kind);
    const userIds = recipients.filter((id) => !muted.has(id));
    const rows = await this.repository.insertKeepingNewest(
      userIds.map((userId) => ({
        userId,
        kind: draft.kind,
        level: draft.level,
        title: draft.title,
        body: draft.body,
        link: draft.link ?? null,
      })),
      NOTIFICATIONS_KEPT_PER_USER,
    );
    const views = rows.map(toNotificationView);
    rows.forEach((row, index) => {
      const view = views[index] as NotificationView;
      this.realtime.toUser(row.userId, 'notification', {
        id: view.id,
        level: view.level,
        title: view.title,
        message: view.body,
        at: view.createdAt,
        notification: view,
      });
    });
    return views;
  }

  /** The caller's notifications, newest first, by page or by cursor, with their unread count. */
  async list(caller: AuthUser, query: ListNotificationsQueryDto): Promise<NotificationPage> {
    const window = timeIdWindow(NOTIFICATIONS_CURSOR, query);
    const [{ rows, total }, unreadCount] = await Promise.all([
      this.repository.list({
        userId: caller.id,
        unreadOnly: query.unread ?? false,
        after: window.after ? { createdAt: window.after.time, id: window.after.id } : undefined,
        // One more than the page holds tells whether a next page exists.
        limit: window.pageSize + 1,
        offset: window.offset,
      }),
      this.repository.unreadCount(caller.id),
    ]);
    const page = timeIdPage(NOTIFICATIONS_CURSOR, window, rows, total, (row) => [
      row.exactCreatedAt,
      row.id,
    ]);
    return { ...page, items: page.items.map(toNotificationView), unreadCount };
  }

  /** Marks one of the caller's notifications read; another user's is a 404, like a missing one. */
  async markRead(caller: AuthUser, id: string): Promise<NotificationView> {
    const row = await this.repository.markRead(caller.id, id);
    if (!row) throw AppException.notFound('No such notification.');
    return toNotificationView(row);
  }

  async preferences(caller: AuthUser): Promise<NotificationPreferences> {
    return { muted: (await this.repository.muted(caller.id)) as NotificationKind[] };
  }

  /** Replaces the caller's muted sources (a source muted is neither stored nor pushed). */
  async setPreferences(
    caller: AuthUser,
    input: NotificationPreferences,
  ): Promise<NotificationPreferences> {
    const muted = [...new Set(input.muted)].sort();
    return { muted: (await this.repository.setMuted(caller.id, muted)) as NotificationKind[] };
  }

  async markAllRead(caller: AuthUser): Promise<NotificationsReadAllResult> {
    const marked = await this.repository.markAllRead(caller.id);
    return { marked, unreadCount: await this.repository.unreadCount(caller.id) };
  }
}

function toNotificationView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    level: row.level as NotificationLevel,
    title: row.title,
    body: row.body,
    link: (row.link as NotificationLink | null) ?? null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}
