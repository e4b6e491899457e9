import { Injectable, Logger } from '@nestjs/common';

import { AuditAction, AuditEventView, AuditOutcome, CursorPage } from '@poscalls4u/contracts';
import { Database } from '@poscalls4u/server-database';

import { AppException, timeIdPage, timeIdWindow } from '../http';
import { RequestContext } from '../http';
import { AuditEventJoinedRow, AuditRepository } from './audit.repository';
import { ListAuditEventsQueryDto } from './dto/list-audit-events-query.dto';

export interface AuditRecord {
  action: AuditAction;
  outcome: AuditOutcome;
  context: RequestContext;
  /** Who did it (null: anonymous, or the system). */
  actorId?: string | null;
  /** Whom it was done to (the same as the actor for a user's own action). */
  targetUserId?: string | null;
  /** The email tried when no account matched. */
  email?: string | null;
  /** Extra facts (reason, old and new role, session id...). Never a secret. */
  details?: Record<string, unknown>;
}

/** The name in the audit log's cursors, so another list's cursor is refused. */
const AUDIT_CURSOR = 'audit';

/** Writes the audit log. Recording must never break the action it records, so it never throws. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly repository: AuditRepository) {}

  /** Pass `executor` to write the event in the same transaction as the change it records. */
  async record(record: AuditRecord, executor?: Database): Promise<void> {
    try {
      await this.repository.insert(
        {
          action: record.action,
          outcome: record.outcome,
          actorId: record.actorId ?? null,
          targetUserId: record.targetUserId ?? null,
          email: record.email ?? null,
          ip: record.context.ip,
          userAgent: record.context.userAgent,
          details: record.details ?? null,
        },
        executor,
      );
    } catch (error) {
      if (executor) throw error; // inside a transaction the caller must roll back
      this.logger.error({ err: error, action: record.action }, 'Could not write an audit event');
    }
  }

  /**
   * The log for admins, newest first; `from` and `to` are inclusive. By page number or by cursor
   * (keyset on time and id, the log's order); `nextCursor` reads the page after it.
   */
  async list(query: ListAuditEventsQueryDto): Promise<CursorPage<AuditEventView>> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from.getTime() > to.getTime()) {
      throw AppException.validation('The request is invalid.', [
        { field: 'from', messages: ['from must not be after to'] },
      ]);
    }
    const window = timeIdWindow(AUDIT_CURSOR, query);
    const { rows, total } = await this.repository.list({
      userId: query.userId,
      actions: query.action,
      outcome: query.outcome,
      from,
      before: to ? endOf(query.to as string, to) : undefined,
      after: window.after ? { occurredAt: window.after.time, id: window.after.id } : undefined,
      // One more than the page holds tells whether a next page exists.
      limit: window.pageSize + 1,
      offset: window.offset,
    });
    const page = timeIdPage(AUDIT_CURSOR, window, rows, total, (row) => [
      row.exactOccurredAt,
      row.id,
    ]);
    return { ...page, items: page.items.map(toAuditEventView) };
  }
}

/**
 * The first instant after an inclusive `to`. The database keeps microseconds but the API shows
 * milliseconds, so `to` covers its whole millisecond (an `occurredAt` copied from a listed
 * event includes that event), and a bare date covers its whole day.
 */
function endOf(text: string, to: Date): Date {
  const isDateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  return new Date(to.getTime() + (isDateOnly ? 24 * 3600 * 1000 : 1));
}

function toAuditEventView(row: AuditEventJoinedRow): AuditEventView {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action as AuditAction,
    outcome: row.outcome as AuditOutcome,
    actor:
      row.actorId !== null
        ? { id: row.actorId, name: row.actorName ?? '', email: row.actorEmail ?? '' }
        : null,
    target:
      row.targetId !== null
        ? { id: row.targetId, name: row.targetName ?? '', email: row.targetEmail ?? '' }
        : null,
    email: row.email,
    ip: row.ip,
    userAgent: row.userAgent,
    details: (row.details as Record<string, unknown> | null) ?? null,
  };
}
