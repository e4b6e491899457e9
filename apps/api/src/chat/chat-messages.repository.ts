import { Injectable } from '@nestjs/common';
import { SQL, and, count, desc, eq, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  chatMessageCounters,
  chatMessages,
} from '@poscalls4u/server-database';

export type ChatMessageRow = typeof chatMessages.$inferSelect;

/** A row with its `created_at` to the microsecond, for a cursor. */
export interface ChatMessageListRow extends ChatMessageRow {
  exactCreatedAt: string;
}

/** What a message or an edit was sent under: a position that may be used once. */
export interface CounterPosition {
  senderDeviceId: string;
  sessionId: string;
  counter: number;
}

/** A new message, its id chosen by the caller (so what it owes can name it in the same statement). */
export type NewChatMessage = Omit<
  typeof chatMessages.$inferInsert,
  'id' | 'createdAt' | 'editedAt' | 'deletedAt' | 'ciphertext' | 'signature'
> & { id: string; ciphertext: string; signature: string };

/** What a send checks, read in one statement (see `sendContext`). */
export interface SendContext {
  kind: string;
  archived: boolean;
  isMember: boolean;
  deviceActive: boolean;
  /** The room's current members' ids. */
  memberIds: string[];
  /** The message this sender already stored under the same client id. */
  earlier: ChatMessageRow | null;
}

/** A `chat_messages` row as PostgreSQL's `row_to_json` writes it (times in ISO 8601). */
interface JsonMessageRow {
  id: string;
  room_id: string;
  sender_user_id: string;
  sender_device_id: string;
  session_id: string;
  counter: number;
  client_message_id: string;
  ciphertext: string | null;
  signature: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

function fromJsonRow(row: JsonMessageRow): ChatMessageRow {
  return {
    id: row.id,
    roomId: row.room_id,
    senderUserId: row.sender_user_id,
    senderDeviceId: row.sender_device_id,
    sessionId: row.session_id,
    counter: row.counter,
    clientMessageId: row.client_message_id,
    ciphertext: row.ciphertext,
    signature: row.signature,
    createdAt: new Date(row.created_at),
    editedAt: row.edited_at === null ? null : new Date(row.edited_at),
    deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at),
  };
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** The reason an insert did not store a new message. */
export type InsertOutcome =
  { stored: ChatMessageRow } | { duplicateOf: ChatMessageRow } | { counterReused: true };

/** The primary key of `chat_message_counters`, as drizzle-kit named it. */
const COUNTER_CONSTRAINT = 'chat_message_counters_sender_device_id_session_id_counter_pk';

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const pg = cause as { code?: string; constraint?: string };
  return pg.code === '23505' && pg.constraint === constraint;
}

/** The SQL of `chat_messages` and `chat_message_counters`: ciphertext in, ciphertext out. */
@Injectable()
export class ChatMessagesRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async findInRoom(roomId: string, id: string): Promise<ChatMessageRow | undefined> {
    const [row] = await this.db
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.id, id), eq(chatMessages.roomId, roomId)));
    return row;
  }

  async findByClientId(
    senderUserId: string,
    clientMessageId: string,
  ): Promise<ChatMessageRow | undefined> {
    const [row] = await this.db
      .select()
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.senderUserId, senderUserId),
          eq(chatMessages.clientMessageId, clientMessageId),
        ),
      );
    return row;
  }

  /**
   * Everything a send must check, in one statement: the room (absent: no such room), whether the
   * sender is a current member, whether the device is one of theirs and not revoked, the message
   * this client id already stored (a resend), and the current members (who hear it live).
   */
  async sendContext(input: {
    roomId: string;
    userId: string;
    deviceId: string;
    clientMessageId: string;
  }): Promise<SendContext | undefined> {
    const result = await this.db.execute(sql`
      select r.kind, r.archived_at is not null as archived,
        exists(select 1 from chat_room_members m
               where m.room_id = r.id and m.user_id = ${input.userId} and m.left_at is null)
          as "isMember",
        exists(select 1 from chat_devices d
               where d.device_id = ${input.deviceId} and d.user_id = ${input.userId}
                 and d.revoked_at is null)
          as "deviceActive",
        coalesce((select array_agg(m.user_id::text order by m.joined_at) from chat_room_members m
                  where m.room_id = r.id and m.left_at is null), '{}') as "memberIds",
        (select row_to_json(e) from chat_messages e
         where e.sender_user_id = ${input.userId}
           and e.client_message_id = ${input.clientMessageId}) as earlier
      from chat_rooms r where r.id = ${input.roomId}`);
    const [row] = rowsOf<Omit<SendContext, 'earlier'> & { earlier: JsonMessageRow | null }>(result);
    if (!row) return undefined;
    return { ...row, earlier: row.earlier ? fromJsonRow(row.earlier) : null };
  }

  /**
   * Stores a message in one statement: the row, the claim of its counter position, the room's
   * last activity and, when given, the outbox row of the job it owes (`notice`, built by the
   * outbox from the new row's clause, `msg`). One statement is one transaction: a position
   * already used (by any message or edit) stores nothing of it. A resent client id (a race with
   * the same send) answers the stored message.
   */
  async insert(message: NewChatMessage, notice?: (inserted: SQL) => SQL): Promise<InsertOutcome> {
    const inserted = sql.raw('msg');
    try {
      const result = await this.db.execute(sql`
        with msg as (
          insert into chat_messages (id, room_id, sender_user_id, sender_device_id, session_id,
                                     counter, client_message_id, ciphertext, signature)
          values (${message.id}, ${message.roomId}, ${message.senderUserId},
                  ${message.senderDeviceId}, ${message.sessionId}, ${message.counter},
                  ${message.clientMessageId}, ${message.ciphertext}, ${message.signature})
          on conflict (sender_user_id, client_message_id) do nothing
          returning *),
        claimed as (
          insert into chat_message_counters (sender_device_id, session_id, counter, message_id)
          select sender_device_id, session_id, counter, id from msg),
        touched as (
          update chat_rooms set last_message_at = greatest(chat_rooms.last_message_at, msg.created_at)
          from msg where chat_rooms.id = msg.room_id)
        ${notice ? sql`, notice as (${notice(inserted)})` : sql``}
        select row_to_json(msg) as stored from msg`);
      const [row] = rowsOf<{ stored: JsonMessageRow }>(result);
      if (row) return { stored: fromJsonRow(row.stored) };
    } catch (error) {
      if (isUniqueViolation(error, COUNTER_CONSTRAINT)) return { counterReused: true };
      throw error;
    }
    const existing = await this.findByClientId(message.senderUserId, message.clientMessageId);
    if (!existing) throw new Error('A message with this client id vanished');
    return { duplicateOf: existing };
  }

  /** Replaces an own message's ciphertext under a new position; false when the position is used. */
  async edit(
    messageId: string,
    edit: CounterPosition & { ciphertext: string; signature: string },
  ): Promise<ChatMessageRow | 'counter-reused'> {
    try {
      return await this.db.transaction(async (tx) => {
        await tx.insert(chatMessageCounters).values({
          senderDeviceId: edit.senderDeviceId,
          sessionId: edit.sessionId,
          counter: edit.counter,
          messageId,
        });
        const [row] = await tx
          .update(chatMessages)
          .set({
            senderDeviceId: edit.senderDeviceId,
            sessionId: edit.sessionId,
            counter: edit.counter,
            ciphertext: edit.ciphertext,
            signature: edit.signature,
            editedAt: sql`now()`,
          })
          .where(eq(chatMessages.id, messageId))
          .returning();
        if (!row) throw new Error('The edited message vanished');
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error, COUNTER_CONSTRAINT)) return 'counter-reused';
      throw error;
    }
  }

  /** Removes the ciphertext and signature for good; the row stays as a tombstone. */
  async tombstone(messageId: string): Promise<ChatMessageRow | undefined> {
    const [row] = await this.db
      .update(chatMessages)
      .set({
        ciphertext: null,
        signature: null,
        deletedAt: sql`coalesce(${chatMessages.deletedAt}, now())`,
      })
      .where(eq(chatMessages.id, messageId))
      .returning();
    return row;
  }

  /**
   * One window of a room's history, newest first (deleted ones included, as tombstones), from
   * `since` on (the reader's first join: nothing older is theirs to read) and after `after`.
   */
  async list(filter: {
    roomId: string;
    since: Date | null;
    after?: { createdAt: string; id: string };
    limit: number;
    offset: number;
  }): Promise<{ rows: ChatMessageListRow[]; total: number }> {
    const where = and(
      eq(chatMessages.roomId, filter.roomId),
      filter.since
        ? sql`${chatMessages.createdAt} >= ${filter.since.toISOString()}::timestamptz`
        : undefined,
    );
    const after: SQL | undefined = filter.after
      ? sql`(${chatMessages.createdAt}, ${chatMessages.id}) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`
      : undefined;
    const rows = await this.db
      .select({
        id: chatMessages.id,
        roomId: chatMessages.roomId,
        senderUserId: chatMessages.senderUserId,
        senderDeviceId: chatMessages.senderDeviceId,
        sessionId: chatMessages.sessionId,
        counter: chatMessages.counter,
        clientMessageId: chatMessages.clientMessageId,
        ciphertext: chatMessages.ciphertext,
        signature: chatMessages.signature,
        createdAt: chatMessages.createdAt,
        editedAt: chatMessages.editedAt,
        deletedAt: chatMessages.deletedAt,
        exactCreatedAt: sql<string>`to_char(${chatMessages.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(chatMessages)
      .where(and(where, after))
      .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
      .limit(filter.limit)
      .offset(filter.after ? 0 : filter.offset);
    const [row] = await this.db.select({ total: count() }).from(chatMessages).where(where);
    return { rows, total: row?.total ?? 0 };
  }
}
