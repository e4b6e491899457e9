import { Injectable } from '@nestjs/common';
import { SQL, and, arrayContains, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  notificationPreferences,
  notifications,
} from '@poscalls4u/server-database';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = Omit<
  typeof notifications.$inferInsert,
  'id' | 'createdAt' | 'readAt'
>;

/** A row with its `created_at` to the microsecond, for a cursor. */
export interface NotificationListRow extends NotificationRow {
  exactCreatedAt: string;
}

export interface NotificationFilter {
  userId: string;
  unreadOnly: boolean;
  /** Keyset: only the rows after this one in the list's order (newest first). */
  after?: { createdAt: string; id: string };
  limit: number;
  offset: number;
}

/** The SQL of the `notifications` table. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /**
   * Stores one notification per recipient and, in the same transaction, deletes what each of
   * them holds beyond the newest `keep`.
   */
  async insertKeepingNewest(rows: NewNotification[], keep: number): Promise<NotificationRow[]> {
    if (rows.length === 0) return [];
    return this.db.transaction(async (tx) => {
      const inserted = await tx.insert(notifications).values(rows).returning();
      const userIds = [...new Set(rows.map((row) => row.userId))];
      // Per user, the row at position `keep` (0-based) is the newest one to go; it and every
      // older one are deleted. The lateral subquery walks the user's index from the newest.
      await tx.execute(sql`
        delete from notifications n
        using (
          select u.id as user_id, cut.created_at, cut.id
          from unnest(${`{${userIds.join(',')}}`}::uuid[]) as u(id)
          cross join lateral (
            select created_at, id from notifications
            where user_id = u.id
            order by created_at desc, id desc
            offset ${keep} limit 1
          ) cut
        ) oldest
        where n.user_id = oldest.user_id
          and (n.created_at, n.id) <= (oldest.created_at, oldest.id)`);
      return inserted;
    });
  }

  /**
   * Which of `userIds` already hold a notification of `kind` linking to this message: a job that
   * runs again (at least once) does not notify them twice.
   */
  async notifiedAboutMessage(
    userIds: string[],
    kind: string,
    messageId: string,
  ): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(
        and(
          inArray(notifications.userId, userIds),
          eq(notifications.kind, kind),
          sql`${notifications.link}->>'messageId' = ${messageId}`,
        ),
      );
    return new Set(rows.map((row) => row.userId));
  }

  /** One window of a user's notifications, newest first, and how many match in all. */
  async list(filter: NotificationFilter): Promise<{ rows: NotificationListRow[]; total: number }> {
    const where = and(
      eq(notifications.userId, filter.userId),
      filter.unreadOnly ? isNull(notifications.readAt) : undefined,
    );
    const after: SQL | undefined = filter.after
      ? sql`(${notifications.createdAt}, ${notifications.id}) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`
      : undefined;
    const rows = await this.db
      .select({
        id: notifications.id,
        userId: notifications.userId,
        kind: notifications.kind,
        level: notifications.level,
        title: notifications.title,
        body: notifications.body,
        link: notifications.link,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
        // The database keeps microseconds, JavaScript dates milliseconds: the cursor keeps them all.
        exactCreatedAt: sql<string>`to_char(${notifications.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(notifications)
      .where(and(where, after))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(filter.limit)
      .offset(filter.after ? 0 : filter.offset);
    const [row] = await this.db.select({ total: count() }).from(notifications).where(where);
    return { rows, total: row?.total ?? 0 };
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.db
      .select({ total: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    return row?.total ?? 0;
  }

  /** Marks one of the user's notifications read (kept as it was if already); undefined if not theirs. */
  async markRead(userId: string, id: string): Promise<NotificationRow | undefined> {
    const [row] = await this.db
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
      .returning();
    return row;
  }

  /** Marks every unread notification of the user read; how many it marked. */
  async markAllRead(userId: string): Promise<number> {
    const rows = await this.db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return rows.length;
  }

  /** The sources a user muted (none when they never set preferences). */
  async muted(userId: string): Promise<string[]> {
    const [row] = await this.db
      .select({ muted: notificationPreferences.muted })
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, userId));
    return row?.muted ?? [];
  }

  async setMuted(userId: string, muted: string[]): Promise<string[]> {
    const [row] = await this.db
      .insert(notificationPreferences)
      .values({ userId, muted })
      .onConflictDoUpdate({
        target: notificationPreferences.userId,
        set: { muted, updatedAt: sql`now()` },
      })
      .returning({ muted: notificationPreferences.muted });
    return row?.muted ?? muted;
  }

  /** Which of these users muted `kind`. */
  async mutedAmong(userIds: string[], kind: string): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.db
      .select({ userId: notificationPreferences.userId })
      .from(notificationPreferences)
      .where(
        and(
          inArray(notificationPreferences.userId, userIds),
          arrayContains(notificationPreferences.muted, [kind]),
        ),
      );
    return new Set(rows.map((row) => row.userId));
  }
}
