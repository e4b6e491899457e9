import { Injectable } from '@nestjs/common';
import { SQL, asc, eq, isNull, sql } from 'drizzle-orm';

import { Database, InjectDatabase, JobOutboxRow, jobOutbox } from '@poscalls4u/server-database';

/** The SQL of the `job_outbox` table. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(executor: Database, jobName: string, payload: unknown): Promise<void> {
    await executor.insert(jobOutbox).values({ jobName, payload });
  }

  /**
   * The insert of one outbox row as a statement to embed in a caller's own (a data-modifying
   * `with` clause): the row then commits with that statement and costs no round trip of its own.
   * `onlyWith` names a clause of that statement; the row is written only if it yields a row.
   */
  insertStatement(jobName: string, payload: unknown, onlyWith: SQL): SQL {
    return sql`insert into job_outbox (job_name, payload)
      select ${jobName}, ${JSON.stringify(payload)}::jsonb from ${onlyWith} limit 1`;
  }

  /**
   * Runs `work` on up to `limit` pending rows, oldest first, inside one transaction that locks
   * them: another API instance dispatching at the same time skips them instead of sending twice.
   */
  async withPendingBatch(
    limit: number,
    work: (rows: JobOutboxRow[], executor: Database) => Promise<void>,
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(jobOutbox)
        .where(isNull(jobOutbox.dispatchedAt))
        .orderBy(asc(jobOutbox.createdAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      await work(rows, tx);
      return rows.length;
    });
  }

  async markDispatched(executor: Database, id: string): Promise<void> {
    await executor
      .update(jobOutbox)
      .set({ dispatchedAt: sql`now()` })
      .where(eq(jobOutbox.id, id));
  }

  async markFailed(executor: Database, id: string, error: string): Promise<void> {
    await executor
      .update(jobOutbox)
      .set({ attempts: sql`${jobOutbox.attempts} + 1`, lastError: error.slice(0, 500) })
      .where(eq(jobOutbox.id, id));
  }

  /** Dispatched rows are kept a week for troubleshooting, then removed. */
  async deleteDispatchedBefore(cutoff: Date): Promise<void> {
    await this.db.delete(jobOutbox).where(sql`${jobOutbox.dispatchedAt} < ${cutoff.toISOString()}`);
  }
}
