import { Injectable } from '@nestjs/common';
import { SQL, and, count, desc, eq, gte, inArray, lt, or } from 'drizzle-orm';
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
  limit: number;
  offset: number;
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
}

/** The SQL of the `audit_events` table. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(event: NewAuditEvent, executor: Database = this.db): Promise<void> {
    await executor.insert(auditEvents).values(event);
  }

  /** One page of events, newest first, and how many match in all. */
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
      })
      .from(auditEvents)
      .leftJoin(actor, eq(actor.id, auditEvents.actorId))
      .leftJoin(target, eq(target.id, auditEvents.targetUserId))
      .where(where)
      // Events of one transaction share a timestamp; the id keeps the order stable across pages.
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(filter.limit)
      .offset(filter.offset);
    const [row] = await this.db.select({ total: count() }).from(auditEvents).where(where);
    return { rows, total: row?.total ?? 0 };
  }
}
