import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import {
  DeliverScheduledReportPayload,
  HandlesJob,
  JobContext,
  JobHandler,
  JobName,
  JobQueue,
} from '@poscalls4u/server-jobs';

import { ReportDeliveryService } from './report-delivery.service';

/** How often the tick looks for due schedules: local times are to the minute. */
const REPORTS_TICK_EVERY_MS = 60_000;
const TICK_SCHEDULER_ID = 'scheduled-reports-tick';

/** The periodic tick: claims the runs that are due and enqueues their deliveries. */
@HandlesJob(JobName.ScheduledReportsTick)
@Injectable()
export class ScheduledReportsTickHandler implements JobHandler<JobName.ScheduledReportsTick> {
  constructor(private readonly deliveries: ReportDeliveryService) {}

  async handle(): Promise<void> {
    // Due-ness is decided by the clock when the tick runs, not when it was scheduled: a tick
    // that ran late still finds the run, and the claim keeps it to one delivery.
    await this.deliveries.tick(new Date());
  }
}

/** One delivery: render and mail; throwing retries it with backoff. */
@HandlesJob(JobName.DeliverScheduledReport)
@Injectable()
export class DeliverScheduledReportHandler implements JobHandler<JobName.DeliverScheduledReport> {
  constructor(private readonly deliveries: ReportDeliveryService) {}

  async handle(payload: DeliverScheduledReportPayload, context: JobContext): Promise<void> {
    await this.deliveries.deliver(payload.deliveryId, context.attempt);
  }
}

/**
 * Registers the tick at start-up: a BullMQ job scheduler with Redis (one for all API instances,
 * whichever upserts it), a timer in-process on the embedded default. When Redis cannot take it
 * yet, the queue tries again in the background: the API serves meanwhile and reports wait for
 * the first tick.
 */
@Injectable()
export class ScheduledReportsTicker implements OnApplicationBootstrap {
  constructor(private readonly jobs: JobQueue) {}

  onApplicationBootstrap(): void {
    this.jobs.repeatWhenReachable(
      TICK_SCHEDULER_ID,
      JobName.ScheduledReportsTick,
      {},
      REPORTS_TICK_EVERY_MS,
    );
  }
}
