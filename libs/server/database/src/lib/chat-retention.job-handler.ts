import { Injectable, Logger, Module } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import { HandlesJob, JobHandler, JobName } from '@poscalls4u/server-jobs';

import { Database } from './database';
import { InjectDatabase } from './database.module';

/** Rows deleted per statement, so a first sweep over years of history never holds long locks. */
const BATCH = 5_000;

/**
 * The chat retention sweep (scheduled by the API's chat area, run by whichever process runs
 * jobs): deletes for good the chat messages older than the organisation's `chatRetentionDays`
 * (the `organization` entry of `settings`; null or absent keeps them forever). Their counters go
 * with them (cascade). Idempotent: a second run finds nothing older to delete. It lives in a
 * library, not in the API's chat area, because the worker process runs it too.
 */
@HandlesJob(JobName.ChatRetention)
@Injectable()
export class ChatRetentionJobHandler implements JobHandler<JobName.ChatRetention> {
  private readonly logger = new Logger('ChatRetention');

  constructor(@InjectDatabase() private readonly db: Database) {}

  async handle(): Promise<void> {
    const days = await this.retentionDays();
    if (days === null) return;
    let deleted = 0;
    for (;;) {
      const result = await this.db.execute(sql`
        delete from chat_messages where id in (
          select id from chat_messages
          where created_at < now() - make_interval(days => ${days})
          limit ${BATCH})`);
      const count =
        (result as unknown as { rowCount?: number; affectedRows?: number }).rowCount ??
        (result as unknown as { affectedRows?: number }).affectedRows ??
        0;
      deleted += count;
      if (count < BATCH) break;
    }
    if (deleted > 0) this.logger.log({ deleted, days }, 'Chat messages past retention deleted');
  }

  private async retentionDays(): Promise<number | null> {
    const result = await this.db.execute(
      sql`select value -> 'chatRetentionDays' as days from settings where key = 'organization'`,
    );
    const days = (result as unknown as { rows: { days: unknown }[] }).rows[0]?.days;
    return typeof days === 'number' && Number.isInteger(days) && days >= 1 ? days : null;
  }
}

/** Import once in every process that runs jobs (the worker, and the API without Redis). */
@Module({ providers: [ChatRetentionJobHandler] })
export class ChatRetentionModule {}
