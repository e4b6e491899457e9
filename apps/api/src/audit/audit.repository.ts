import { Injectable } from '@nestjs/common';

import { Database, InjectDatabase, auditEvents } from '@poscalls4u/server-database';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

/** The SQL of the `audit_events` table. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(event: NewAuditEvent, executor: Database = this.db): Promise<void> {
    await executor.insert(auditEvents).values(event);
  }
}
