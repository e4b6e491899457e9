import { Injectable } from '@nestjs/common';
import { SQL, and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  chatDevices,
  chatIdentities,
  chatKeyBackups,
  chatKeyMailbox,
} from '@poscalls4u/server-database';

export type ChatIdentityRow = typeof chatIdentities.$inferSelect;
export type ChatDeviceRow = typeof chatDevices.$inferSelect;
export type ChatMailboxRow = typeof chatKeyMailbox.$inferSelect;
export type ChatKeyBackupRow = typeof chatKeyBackups.$inferSelect;

export interface ChatMailboxListRow extends ChatMailboxRow {
  exactCreatedAt: string;
}

/** The SQL of the public-key tables, the key mailbox and the key backups: opaque strings only. */
@Injectable()
export class ChatKeysRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async identity(userId: string): Promise<ChatIdentityRow | undefined> {
    const [row] = await this.db
      .select()
      .from(chatIdentities)
      .where(eq(chatIdentities.userId, userId));
    return row;
  }

  /**
   * Sets the user's identity key: the first one is version 1; a different key replaces it and
   * bumps the version; the same key again changes nothing. `replaced` says whether it changed.
   */
  async putIdentity(
    userId: string,
    identityKey: string,
  ): Promise<{ row: ChatIdentityRow; replaced: boolean }> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(chatIdentities)
        .where(eq(chatIdentities.userId, userId))
        .for('update');
      if (current?.identityKey === identityKey) return { row: current, replaced: false };
      const [row] = await tx
        .insert(chatIdentities)
        .values({ userId, identityKey, identityVersion: 1 })
        .onConflictDoUpdate({
          target: chatIdentities.userId,
          set: {
            identityKey,
            identityVersion: sql`${chatIdentities.identityVersion} + 1`,
            updatedAt: sql`now()`,
          },
        })
        .returning();
      if (!row) throw new Error('The identity was not stored');
      return { row, replaced: current !== undefined };
    });
  }

  async device(deviceId: string): Promise<ChatDeviceRow | undefined> {
    const [row] = await this.db
      .select()
      .from(chatDevices)
      .where(eq(chatDevices.deviceId, deviceId));
    return row;
  }

  /** Stores a new device; undefined when the id is taken (by this user or another). */
  async insertDevice(
    device: Omit<typeof chatDevices.$inferInsert, 'createdAt' | 'revokedAt'>,
  ): Promise<ChatDeviceRow | undefined> {
    const [row] = await this.db
      .insert(chatDevices)
      .values(device)
      .onConflictDoNothing()
      .returning();
    return row;
  }

  /** Revokes one of the user's active devices; its waiting mailbox items go with it. */
  async revokeDevice(userId: string, deviceId: string): Promise<ChatDeviceRow | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(chatDevices)
        .set({ revokedAt: sql`now()` })
        .where(
          and(
            eq(chatDevices.deviceId, deviceId),
            eq(chatDevices.userId, userId),
            isNull(chatDevices.revokedAt),
          ),
        )
        .returning();
      if (row) await tx.delete(chatKeyMailbox).where(eq(chatKeyMailbox.toDeviceId, deviceId));
      return row;
    });
  }

  /** A user's devices, revoked ones included (so clients can tell a revoked sender). */
  async devicesOf(userId: string): Promise<ChatDeviceRow[]> {
    return this.db
      .select()
      .from(chatDevices)
      .where(eq(chatDevices.userId, userId))
      .orderBy(asc(chatDevices.createdAt));
  }

  /** The active devices among these ids, with their owners. */
  async activeDevices(deviceIds: string[]): Promise<ChatDeviceRow[]> {
    if (deviceIds.length === 0) return [];
    return this.db
      .select()
      .from(chatDevices)
      .where(and(inArray(chatDevices.deviceId, deviceIds), isNull(chatDevices.revokedAt)));
  }

  async insertMailbox(
    items: Omit<typeof chatKeyMailbox.$inferInsert, 'id' | 'createdAt'>[],
  ): Promise<ChatMailboxRow[]> {
    if (items.length === 0) return [];
    return this.db.insert(chatKeyMailbox).values(items).returning();
  }

  /** One window of a device's mailbox, oldest first (keys are needed in the order they came). */
  async mailbox(filter: {
    deviceId: string;
    after?: { createdAt: string; id: string };
    limit: number;
    offset: number;
  }): Promise<{ rows: ChatMailboxListRow[]; total: number }> {
    const where = eq(chatKeyMailbox.toDeviceId, filter.deviceId);
    const after: SQL | undefined = filter.after
      ? sql`(${chatKeyMailbox.createdAt}, ${chatKeyMailbox.id}) > (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`
      : undefined;
    const rows = await this.db
      .select({
        id: chatKeyMailbox.id,
        toDeviceId: chatKeyMailbox.toDeviceId,
        fromUserId: chatKeyMailbox.fromUserId,
        fromDeviceId: chatKeyMailbox.fromDeviceId,
        roomId: chatKeyMailbox.roomId,
        sessionId: chatKeyMailbox.sessionId,
        sealed: chatKeyMailbox.sealed,
        createdAt: chatKeyMailbox.createdAt,
        exactCreatedAt: sql<string>`to_char(${chatKeyMailbox.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(chatKeyMailbox)
      .where(and(where, after))
      .orderBy(asc(chatKeyMailbox.createdAt), asc(chatKeyMailbox.id))
      .limit(filter.limit)
      .offset(filter.after ? 0 : filter.offset);
    const [row] = await this.db
      .select({ total: sql<number>`count(*)::int` })
      .from(chatKeyMailbox)
      .where(where);
    return { rows, total: row?.total ?? 0 };
  }

  /** Deletes mailbox items addressed to the user's devices; others' ids are ignored. */
  async ackMailbox(userId: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await this.db
      .delete(chatKeyMailbox)
      .where(
        and(
          inArray(chatKeyMailbox.id, ids),
          inArray(
            chatKeyMailbox.toDeviceId,
            this.db
              .select({ deviceId: chatDevices.deviceId })
              .from(chatDevices)
              .where(eq(chatDevices.userId, userId)),
          ),
        ),
      )
      .returning({ id: chatKeyMailbox.id });
    return rows.length;
  }

  async backup(userId: string): Promise<ChatKeyBackupRow | undefined> {
    const [row] = await this.db
      .select()
      .from(chatKeyBackups)
      .where(eq(chatKeyBackups.userId, userId));
    return row;
  }

  /**
   * Stores version `version` of the user's backup if the stored one is `version - 1` (none for
   * 1): optimistic concurrency between the user's devices. Undefined when another won.
   */
  async putBackup(
    userId: string,
    backup: { version: number; kdf: unknown; ciphertext: string },
  ): Promise<ChatKeyBackupRow | undefined> {
    if (backup.version === 1) {
      const [row] = await this.db
        .insert(chatKeyBackups)
        .values({ userId, ...backup })
        .onConflictDoNothing()
        .returning();
      return row;
    }
    const [row] = await this.db
      .update(chatKeyBackups)
      .set({ ...backup, updatedAt: sql`now()` })
      .where(and(eq(chatKeyBackups.userId, userId), eq(chatKeyBackups.version, backup.version - 1)))
      .returning();
    return row;
  }
}
