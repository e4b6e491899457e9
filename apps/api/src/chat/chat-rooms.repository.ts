import { Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';

import { CHAT_UNREAD_CAP } from '@poscalls4u/contracts';
import { Database, InjectDatabase, chatRoomMembers, chatRooms } from '@poscalls4u/server-database';

export type ChatRoomRow = typeof chatRooms.$inferSelect;
export type ChatMemberRow = typeof chatRoomMembers.$inferSelect;

/** A membership period with the member's name (for display). */
export interface ChatMemberRecord extends ChatMemberRow {
  name: string;
  /** The member's read marker (the same for each of their membership periods), when read with it. */
  readMessageId?: string | null;
}

/** A room of a user's list, with their unread count and the other members' names. */
export interface ChatRoomListRow extends ChatRoomRow {
  unread: number;
  memberIds: string[];
}

type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'execute'>;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * The SQL of `chat_rooms`, `chat_room_members` and `chat_read_markers`. For display only it also
 * reads `users.name` (identity's table), never writes it.
 */
@Injectable()
export class ChatRoomsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(tx as unknown as Database));
  }

  async findById(id: string): Promise<ChatRoomRow | undefined> {
    const [row] = await this.db.select().from(chatRooms).where(eq(chatRooms.id, id));
    return row;
  }

  async findByKey(roomKey: string, tx: Executor = this.db): Promise<ChatRoomRow | undefined> {
    const [row] = await tx.select().from(chatRooms).where(eq(chatRooms.roomKey, roomKey));
    return row;
  }

  /** Creates the room unless one has the key already; answers the room either way. */
  async ensure(
    room: { kind: string; roomKey: string; teamId: string | null },
    tx: Executor = this.db,
  ): Promise<{ room: ChatRoomRow; created: boolean }> {
    const [created] = await tx
      .insert(chatRooms)
      .values(room)
      .onConflictDoNothing({ target: chatRooms.roomKey })
      .returning();
    if (created) return { room: created, created: true };
    const existing = await this.findByKey(room.roomKey, tx);
    if (!existing) throw new Error(`Chat room ${room.roomKey} vanished`);
    return { room: existing, created: false };
  }

  /** Locks a room's row: membership syncs of one room run one at a time. */
  async lock(roomId: string, tx: Executor): Promise<void> {
    await tx.execute(sql`select id from chat_rooms where id = ${roomId} for update`);
  }

  async archive(roomId: string): Promise<void> {
    await this.db
      .update(chatRooms)
      .set({ archivedAt: sql`coalesce(${chatRooms.archivedAt}, now())` })
      .where(eq(chatRooms.id, roomId));
  }

  async touch(roomId: string, at: Date, tx: Executor = this.db): Promise<void> {
    await tx
      .update(chatRooms)
      .set({
        lastMessageAt: sql`greatest(${chatRooms.lastMessageAt}, ${at.toISOString()}::timestamptz)`,
      })
      .where(eq(chatRooms.id, roomId));
  }

  async currentMemberIds(roomId: string, tx: Executor = this.db): Promise<string[]> {
    const rows = await tx
      .select({ userId: chatRoomMembers.userId })
      .from(chatRoomMembers)
      .where(and(eq(chatRoomMembers.roomId, roomId), isNull(chatRoomMembers.leftAt)));
    return rows.map((row) => row.userId);
  }

  async isMember(roomId: string, userId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: chatRoomMembers.id })
      .from(chatRoomMembers)
      .where(
        and(
          eq(chatRoomMembers.roomId, roomId),
          eq(chatRoomMembers.userId, userId),
          isNull(chatRoomMembers.leftAt),
        ),
      );
    return row !== undefined;
  }

  /** Opens a membership period for each user not currently a member; answers the new ones. */
  async join(roomId: string, userIds: string[], tx: Executor): Promise<ChatMemberRow[]> {
    if (userIds.length === 0) return [];
    return tx
      .insert(chatRoomMembers)
      .values(userIds.map((userId) => ({ roomId, userId })))
      .onConflictDoNothing()
      .returning();
  }

  /** Closes the current membership periods of these users; answers the closed ones. */
  async leave(roomId: string, userIds: string[], tx: Executor): Promise<ChatMemberRow[]> {
    if (userIds.length === 0) return [];
    return tx
      .update(chatRoomMembers)
      .set({ leftAt: sql`now()` })
      .where(
        and(
          eq(chatRoomMembers.roomId, roomId),
          inArray(chatRoomMembers.userId, userIds),
          isNull(chatRoomMembers.leftAt),
        ),
      )
      .returning();
  }

  /** Every membership period of a room (current and past), oldest first, with names. */
  async members(roomId: string): Promise<ChatMemberRecord[]> {
    const result = await this.db.execute(sql`
      select m.id, m.room_id as "roomId", m.user_id as "userId", m.joined_at as "joinedAt",
             m.left_at as "leftAt", u.name, rm.message_id as "readMessageId"
      from chat_room_members m join users u on u.id = m.user_id
      left join chat_read_markers rm on rm.room_id = m.room_id and rm.user_id = m.user_id
      where m.room_id = ${roomId}
      order by m.joined_at, m.id`);
    return rowsOf<ChatMemberRecord & { joinedAt: string | Date; leftAt: string | Date | null }>(
      result,
    ).map((row) => ({
      ...row,
      joinedAt: new Date(row.joinedAt),
      leftAt: row.leftAt === null ? null : new Date(row.leftAt),
    }));
  }

  async names(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const result = await this.db.execute(sql`
      select id, name from users where id in (${sql.join(
        userIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`);
    return new Map(rowsOf<{ id: string; name: string }>(result).map((row) => [row.id, row.name]));
  }

  /**
   * The rooms a user is a member of now, most recently active first, each with the user's unread
   * count (messages of others since their read marker, or since they joined) and its members.
   */
  async roomsOf(userId: string): Promise<ChatRoomListRow[]> {
    const result = await this.db.execute(sql`
      select r.id, r.kind, r.room_key as "roomKey", r.team_id as "teamId",
             r.created_at as "createdAt", r.last_message_at as "lastMessageAt",
             r.archived_at as "archivedAt",
             (select count(*)::int from (
                select 1 from chat_messages msg
                where msg.room_id = r.id and msg.sender_user_id <> ${userId}
                  and msg.deleted_at is null
                  and msg.created_at > greatest(me.joined_at, coalesce(rm.read_up_to, me.joined_at))
                limit ${CHAT_UNREAD_CAP}) counted
             ) as unread,
             (select array_agg(o.user_id::text order by o.joined_at) from chat_room_members o
               where o.room_id = r.id and o.left_at is null) as "memberIds"
      from chat_room_members me
      join chat_rooms r on r.id = me.room_id
      left join chat_read_markers rm on rm.room_id = r.id and rm.user_id = me.user_id
      where me.user_id = ${userId} and me.left_at is null
      order by coalesce(r.last_message_at, r.created_at) desc, r.id`);
    return rowsOf<
      ChatRoomListRow & {
        createdAt: string | Date;
        lastMessageAt: string | Date | null;
        archivedAt: string | Date | null;
      }
    >(result).map((row) => ({
      ...row,
      memberIds: row.memberIds ?? [],
      createdAt: new Date(row.createdAt),
      lastMessageAt: row.lastMessageAt === null ? null : new Date(row.lastMessageAt),
      archivedAt: row.archivedAt === null ? null : new Date(row.archivedAt),
    }));
  }

  /**
   * The unread count in a room of each of its current members (messages of others after their
   * marker or their join, up to `CHAT_UNREAD_CAP`), in one statement. It runs after every message,
   * so it reads the room's newest messages once (an index range of at most the cap) and counts
   * each member's share of them in memory, whatever the room's history or the members' markers.
   * (A member whose own messages fill that window counts only the others' within it: they were
   * writing in the room, so their client reads it.)
   */
  async unreadByMember(roomId: string): Promise<Map<string, number>> {
    const result = await this.db.execute(sql`
      with recent as (
        select msg.created_at, msg.sender_user_id from chat_messages msg
        where msg.room_id = ${roomId} and msg.deleted_at is null
        order by msg.created_at desc
        limit ${CHAT_UNREAD_CAP + 1})
      select me.user_id as "userId",
             least(${CHAT_UNREAD_CAP}, (select count(*) from recent
               where recent.sender_user_id <> me.user_id
                 and recent.created_at > greatest(me.joined_at, coalesce(rm.read_up_to, me.joined_at))
             ))::int as unread
      from chat_room_members me
      left join chat_read_markers rm on rm.room_id = me.room_id and rm.user_id = me.user_id
      where me.room_id = ${roomId} and me.left_at is null`);
    return new Map(
      rowsOf<{ userId: string; unread: number }>(result).map((row) => [row.userId, row.unread]),
    );
  }

  /**
   * Moves a member's read marker forward (never back) to a message of the room. The message's
   * time is taken in SQL: to the microsecond, as the unread counts compare it.
   */
  async markRead(roomId: string, userId: string, messageId: string): Promise<void> {
    await this.db.execute(sql`
      insert into chat_read_markers (room_id, user_id, message_id, read_up_to)
      select room_id, ${userId}, id, created_at from chat_messages
      where id = ${messageId} and room_id = ${roomId}
      on conflict (room_id, user_id) do update set
        message_id = case when excluded.read_up_to >= chat_read_markers.read_up_to
                          then excluded.message_id else chat_read_markers.message_id end,
        read_up_to = greatest(chat_read_markers.read_up_to, excluded.read_up_to),
        updated_at = now()`);
  }

  /** The ids of the users who share a current room with `userId` (themselves included). */
  async coMemberIds(userId: string): Promise<string[]> {
    const result = await this.db.execute(sql`
      select distinct other.user_id as "userId"
      from chat_room_members me
      join chat_room_members other on other.room_id = me.room_id and other.left_at is null
      where me.user_id = ${userId} and me.left_at is null`);
    return rowsOf<{ userId: string }>(result).map((row) => row.userId);
  }

  /** Whether two users are both current members of some room. */
  async shareRoom(userId: string, otherId: string): Promise<boolean> {
    const result = await this.db.execute(sql`
      select 1 from chat_room_members a
      join chat_room_members b on b.room_id = a.room_id and b.left_at is null
      where a.user_id = ${userId} and a.left_at is null and b.user_id = ${otherId}
      limit 1`);
    return rowsOf(result).length > 0;
  }

  /** A room's current members' ids in join order (for views). */
  async orderedMemberIds(roomId: string): Promise<string[]> {
    const rows = await this.db
      .select({ userId: chatRoomMembers.userId })
      .from(chatRoomMembers)
      .where(and(eq(chatRoomMembers.roomId, roomId), isNull(chatRoomMembers.leftAt)))
      .orderBy(asc(chatRoomMembers.joinedAt));
    return rows.map((row) => row.userId);
  }
}
