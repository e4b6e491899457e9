import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { JobName, JobQueue } from '@poscalls4u/server-jobs';

/** How often the retention sweep runs: retention is counted in days, an hour is precise enough. */
const CHAT_RETENTION_SWEEP_MS = 60 * 60 * 1000;

/**
 * Schedules the chat retention sweep (`ChatRetentionJobHandler` in the database library deletes
 * the messages older than the organisation's `chatRetentionDays`): a BullMQ job scheduler with
 * Redis, upserted by every instance (`JobQueue.repeat`) and run once per period by a worker; a timer in-process
 * without Redis.
 */
@Injectable()
export class ChatRetentionScheduler implements OnApplicationBootstrap {
  constructor(private readonly jobs: JobQueue) {}

  onApplicationBootstrap(): void {
    // Never holds up start-up: with Redis unreachable it keeps trying in the background.
    this.jobs.repeatWhenReachable(
      JobName.ChatRetention,
      JobName.ChatRetention,
      {},
      CHAT_RETENTION_SWEEP_MS,
    );
  }
}
