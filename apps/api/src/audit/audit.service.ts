import { Injectable, Logger } from '@nestjs/common';

import { AuditAction, AuditOutcome } from '@poscalls4u/contracts';
import { Database } from '@poscalls4u/server-database';

import { RequestContext } from '../common/request-context';
import { AuditRepository } from './audit.repository';

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
}
