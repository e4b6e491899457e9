import { Injectable } from '@nestjs/common';
import { SQL, and, count, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';

import { Database, InjectDatabase, auditEvents, users } from '@poscalls4u/server-database';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export interface AuditEventFilter {
  /** Actor or target. */
  userId?: string;
  actions?: string[];
  outcome?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  before?: Date;
  /** Keyset: only the events after this one in the log's order (newest first). */
  after?: AuditPosition;
  limit: number;
  offset: number;
}

/** Where an event stands in the log's order: its time to the microsecond, and its id. */
interface AuditPosition {
  occurredAt: string;
  id: string;
}

const actor = alias(users, 'actor');
const target = alias(users, 'target');

/** An audit event with the names of its actor and target (null when none or since deleted). */
export interface AuditEventJoinedRow {
  id: string;
  occurredAt: Date;
  action: string;
  outcome: string;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  targetId: string | null;
  targetName: string | null;
  targetEmail: string | null;
  /** `occurredAt` with the database's microseconds, for a cursor. */
  exactOccurredAt: string;
}

/** The SQL of the `audit_events` table. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(event: NewAuditEvent, executor: Database = this.db): Promise<void> {
    await executor.insert(auditEvents).values(event);
  }

  /**
   * One window of events, newest first, and how many match the filter in all. With `after`, the
   * window starts after that event.
   */
  async list(filter: AuditEventFilter): Promise<{ rows: AuditEventJoinedRow[]; total: number }> {
    const conditions: SQL[] = [];
    if (filter.userId) {
      conditions.push(
        or(
          eq(auditEvents.actorId, filter.userId),
          eq(auditEvents.targetUserId, filter.userId),
        ) as SQL,
      );
    }
    if (filter.actions?.length) conditions.push(inArray(auditEvents.action, filter.actions));
    if (filter.outcome) conditions.push(eq(auditEvents.outcome, filter.outcome));
    if (filter.from) conditions.push(gte(auditEvents.occurredAt, filter.from));
    if (filter.before) conditions.push(lt(auditEvents.occurredAt, filter.before));
    const where = and(...conditions);

    const rows = await this.db
      .select({
        id: auditEvents.id,
        occurredAt: auditEvents.occurredAt,
        action: auditEvents.action,
        outcome: auditEvents.outcome,
        email: auditEvents.email,
        ip: auditEvents.ip,
        userAgent: auditEvents.userAgent,
        details: auditEvents.details,
        actorId: actor.id,
        actorName: actor.name,
        actorEmail: actor.email,
        targetId: target.id,
        targetName: target.name,
        targetEmail: target.email,
        // The database keeps microseconds, JavaScript dates milliseconds: the cursor keeps them all.
        exactOccurredAt: sql<string>`to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(auditEvents)
      .leftJoin(actor, eq(actor.id, auditEvents.actorId))
      .leftJoin(target, eq(target.id, auditEvents.targetUserId))
      .where(
        and(
          where,
          filter.after
            ? sql`(${auditEvents.occurredAt}, ${auditEvents.id}) < (${filter.after.occurredAt}::timestamptz, ${filter.after.id}::uuid)`
            : undefined,
        ),
      )
      // Events of one transaction share a timestamp; the id keeps the order stable across pages.
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(filter.limit)
      .offset(filter.after ? 0 : filter.offset);
    const [row] = await this.db.select({ total: count() }).from(auditEvents).where(where);
    return { rows, total: row?.total ?? 0 };
  }
}
