import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How one attempt of a job ended: done, failed with a retry to come, or failed for good. */
export type JobOutcome = 'completed' | 'retried' | 'gave_up';

/** Jobs per queue and state right now (Redis' view, shared by every process). */
export type QueueDepthReader = () => Promise<{ queue: string; state: string; count: number }[]>;

/** How long a scrape waits for the queue depths before leaving the gauge empty. */
const DEPTH_READ_TIMEOUT_MS = 2_000;

/**
 * Prometheus metrics of the jobs this process runs (the worker's queues, or the API's `reports`)
 * and of every queue's depth, in a registry of their own: the worker serves it on METRICS_PORT.
 * Labels stay low-cardinality: queue, job name, outcome, state; never a job id.
 * docs/operations.md lists every metric.
 */
@Injectable()
export class JobMetrics {
  readonly registry = new Registry();
  private depths?: QueueDepthReader;

  private readonly finished = new Counter({
    name: 'poscalls_jobs_finished_total',
    help: 'Job attempts finished by this process, by queue, job and outcome (completed, retried, gave_up)',
    labelNames: ['queue', 'job', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly duration = new Histogram({
    name: 'poscalls_job_duration_seconds',
    help: 'Run time of each job attempt by this process, by queue, job and outcome',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  private readonly stalled = new Counter({
    name: 'poscalls_jobs_stalled_total',
    help: 'Jobs this process found stalled (their worker died mid-job) and gave back to the queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor() {
    // prom-client calls collect() with the gauge as `this`; the reader is looked up at scrape time.
    const depths = () => this.depths;
    new Gauge({
      name: 'poscalls_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, delayed, prioritized, failed), read from Redis at each scrape; empty while Redis does not answer',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const read = depths();
        if (!read) return;
        const counts = await withTimeout(read(), DEPTH_READ_TIMEOUT_MS).catch(() => undefined);
        for (const { queue, state, count } of counts ?? []) this.set({ queue, state }, count);
      },
    });
  }

  /** Where the queue depths are read from (the BullMQ driver; none in-process). */
  readDepthsFrom(reader: QueueDepthReader): void {
    this.depths = reader;
  }

  jobFinished(queue: string, job: string, outcome: JobOutcome, seconds: number): void {
    this.finished.inc({ queue, job, outcome });
    if (Number.isFinite(seconds) && seconds >= 0)
      this.duration.observe({ queue, job, outcome }, seconds);
  }

  jobStalled(queue: string): void {
    this.stalled.inc({ queue });
  }
}

/** `work`, or a rejection after `ms` (the timer never outlives the race). */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined); // a late rejection, after the timeout won, is not unhandled
  try {
    return await Promise.race([
      work,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
