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

export type NewChatMessage = Omit<
  typeof chatMessages.$inferInsert,
  'id' | 'createdAt' | 'editedAt' | 'deletedAt'
>;

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
   * Stores a message and claims its counter position, in one transaction. A resent client id
   * answers the stored message; a position already used (by any message or edit) stores nothing.
   */
  async insert(message: NewChatMessage): Promise<InsertOutcome> {
    try {
      return await this.db.transaction(async (tx) => {
        const [stored] = await tx
          .insert(chatMessages)
          .values(message)
          .onConflictDoNothing({
            target: [chatMessages.senderUserId, chatMessages.clientMessageId],
          })
          .returning();
        if (!stored) {
          const existing = await this.findByClientIdIn(
            tx as unknown as Database,
            message.senderUserId,
            message.clientMessageId,
          );
          if (!existing) throw new Error('A message with this client id vanished');
          return { duplicateOf: existing };
        }
        await tx.insert(chatMessageCounters).values({
          senderDeviceId: message.senderDeviceId,
          sessionId: message.sessionId,
          counter: message.counter,
          messageId: stored.id,
        });
        return { stored };
      });
    } catch (error) {
      if (isUniqueViolation(error, COUNTER_CONSTRAINT)) return { counterReused: true };
      throw error;
    }
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

  private async findByClientIdIn(
    tx: Database,
    senderUserId: string,
    clientMessageId: string,
  ): Promise<ChatMessageRow | undefined> {
    const [row] = await tx
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
}
