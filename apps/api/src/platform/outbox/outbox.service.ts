import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SQL } from 'drizzle-orm';

import { Database } from '@poscalls4u/server-database';
import { JobName, JobPayloads, JobQueue } from '@poscalls4u/server-jobs';
import { currentRequestId, runOutsideRequest } from '@poscalls4u/server-logging';

import { OutboxRepository } from './outbox.repository';

const SWEEP_INTERVAL_MS = 5_000;
const BATCH_SIZE = 50;
const RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * The transactional outbox: a feature writes the job it needs in the same transaction as its
 * change (`add`), and this service hands pending jobs to the job queue after the commit
 * (`dispatchSoon`) and on a periodic sweep, which catches whatever a crash or a Redis outage
 * left behind. The outbox row id is the job id, so BullMQ ignores a job handed over twice
 * while it still keeps the first (24 h). Without Redis a row counts as dispatched once the
 * in-process queue has it: a restart in the seconds before it runs loses that job, which is
 * why production runs with Redis and the worker.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxService.name);
  private sweepTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopping = false;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly jobs: JobQueue,
  ) {}

  async add<N extends JobName>(
    executor: Database,
    name: N,
    payload: JobPayloads[N],
  ): Promise<void> {
    // The request that caused the job travels with it, into the worker's logs and the webhook.
    const requestId = payload.requestId ?? currentRequestId();
    await this.repository.insert(executor, name, requestId ? { ...payload, requestId } : payload);
  }

  /**
   * `add` as a statement to embed in the caller's own (see `OutboxRepository.insertStatement`),
   * for a write path that must stay one round trip. Call `dispatchSoon` after it committed.
   */
  statement<N extends JobName>(name: N, payload: JobPayloads[N], onlyWith: SQL): SQL {
    const requestId = payload.requestId ?? currentRequestId();
    return this.repository.insertStatement(
      name,
      requestId ? { ...payload, requestId } : payload,
      onlyWith,
    );
  }

  /** Starts a dispatch after the current transaction has committed; calls made meanwhile coalesce. */
  dispatchSoon(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // A dispatch hands over every pending row, not only the current request's (each row carries
    // its own request id): it runs on behalf of no request.
    this.running = runOutsideRequest(() => this.dispatchUntilEmpty()).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.dispatchSoon();
      }
    });
  }

  /** Resolves once no dispatch is in progress (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => this.dispatchSoon(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    this.dispatchSoon();
  }

  /** Stops before the job queue closes; rows still pending are dispatched on the next start. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweepTimer);
    await this.whenIdle();
  }

  private async dispatchUntilEmpty(): Promise<void> {
    try {
      let handled = BATCH_SIZE;
      let failed = false;
      // Stop at the first failure: the queue is likely down, and the next sweep retries.
      while (handled === BATCH_SIZE && !failed) {
        handled = await this.repository.withPendingBatch(BATCH_SIZE, async (rows, tx) => {
          for (const row of rows) {
            try {
              await this.jobs.enqueue(row.jobName as JobName, row.payload as JobPayloads[JobName], {
                jobId: row.id,
              });
              await this.repository.markDispatched(tx, row.id);
            } catch (error) {
              this.logger.warn(
                { jobId: row.id, jobName: row.jobName, err: error },
                'Could not hand a job to the queue; will retry',
              );
              await this.repository.markFailed(tx, row.id, String(error));
              failed = true;
              return;
            }
          }
        });
      }
      await this.repository.deleteDispatchedBefore(new Date(Date.now() - RETENTION_MS));
    } catch (error) {
      this.logger.error({ err: error }, 'Outbox dispatch failed; the next sweep retries');
    }
  }
}
