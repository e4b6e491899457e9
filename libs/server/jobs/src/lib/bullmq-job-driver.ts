import { Logger } from '@nestjs/common';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';

import { JobDriver, errorMessage, sleep } from './job-driver';
import { JobHandlerRegistry } from './job-handler-registry';
import { JobMetrics, JobOutcome } from './job-metrics';
import { JOB_QUEUES, JobName, JobPayload, QUEUE_CONCURRENCY, QueueName } from './job-names';
import {
  JOB_BACKOFF_DELAY_MS,
  KEEP_COMPLETED_JOBS,
  KEEP_FAILED_JOBS,
  QUEUE_ATTEMPTS,
} from './retry-policy';

const QUEUE_CLOSE_TIMEOUT_MS = 3_000;
/** After cancelling the running jobs, how long close() waits for their processors to return. */
const CANCEL_GRACE_MS = 1_000;

export interface BullMqDriverOptions {
  redisUrl: string;
  prefix: string;
  /** The queues this process runs workers for (none: it only adds jobs). */
  processQueues: readonly QueueName[];
  /**
   * How long close() lets running jobs finish before it cancels them (their attempt fails and
   * BullMQ retries them, on this worker's successor or another one).
   */
  closeTimeoutMs: number;
}

const IDLE_POLL_MS = 50;

/** Whether `work` settled within `ms`; the timer is cleared either way (no dangling handle). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isJobName(name: string): name is JobName {
  return (Object.values(JobName) as string[]).includes(name);
}

/** How long start-up waits for the workers' Redis connections before going on without them. */
const WORKERS_READY_WAIT_MS = 5_000;

/**
 * The longest wait between two reconnection attempts of a worker's connections (BullMQ's own
 * default grows to 20 s): a closed driver's last pending attempt ends within this time.
 */
const WORKER_RECONNECT_MAX_MS = 2_000;

/** Jobs through Redis: the API adds them, the worker processes run them. */
export class BullMqJobDriver implements JobDriver {
  private readonly logger = new Logger('JobQueue');
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  /** Set by close(): the workers' connections stop reconnecting (see workerConnection). */
  private closed = false;
  /**
   * The queues' connection, owned here so shutdown can always end it. Without an offline queue an
   * add fails at once while Redis is unreachable (the outbox retries it) instead of hanging.
   */
  private readonly connection: Redis;

  constructor(
    private readonly options: BullMqDriverOptions,
    private readonly registry: JobHandlerRegistry,
    private readonly metrics?: JobMetrics,
  ) {
    this.connection = new Redis(options.redisUrl, {
      maxRetriesPerRequest: null,
      enableOfflineQueue: false,
    });
    this.connection.on('error', () => undefined); // reported through the queues' 'error' events
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, {
        connection: this.connection,
        prefix: options.prefix,
        defaultJobOptions: {
          attempts: QUEUE_ATTEMPTS[name],
          backoff: { type: 'exponential', delay: JOB_BACKOFF_DELAY_MS },
          removeOnComplete: KEEP_COMPLETED_JOBS,
          removeOnFail: KEEP_FAILED_JOBS,
        },
      });
      // Without a listener an 'error' event (Redis unreachable) would crash the process.
      queue.on('error', (error) => this.logger.error(`Queue ${name}: ${errorMessage(error)}`));
      this.queues.set(name, queue);
    }
    metrics?.readDepthsFrom(() => this.queueDepths());
  }

  async start(): Promise<void> {
    for (const name of this.options.processQueues) {
      const worker = new Worker(name, (job, _token, signal) => this.process(job, signal), {
        connection: this.workerConnection(),
        prefix: this.options.prefix,
        concurrency: QUEUE_CONCURRENCY[name],
      });
      worker.on('error', (error) => {
        // A connection ended by close() rejects what still waited on it: not news.
        if (!this.closed) this.logger.error(`Worker ${name}: ${errorMessage(error)}`);
      });
      // A job whose worker died (kill -9, out of memory) is given back once its lock expired.
      worker.on('stalled', (jobId) => {
        this.metrics?.jobStalled(name);
        this.logger.warn(`Job ${jobId} of queue ${name} stalled (its worker stopped): retrying it`);
      });
      worker.on('completed', (job) => this.countFinished(name, job, 'completed'));
      worker.on('failed', (job, error) => {
        if (!job) return;
        const final = job.attemptsMade >= (job.opts.attempts ?? 1);
        this.countFinished(name, job, final ? 'gave_up' : 'retried');
        const message = `Job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}/${job.opts.attempts ?? 1})${final ? ', giving up' : ', will retry'}: ${errorMessage(error)}`;
        if (final) this.logger.error(message);
        else this.logger.warn(message);
      });
      this.workers.push(worker);
    }
    // Ready when Redis answers; an unreachable Redis must not hold up start-up (the API serves
    // without it): the workers keep connecting and take jobs once it is back.
    const ready = Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
    ready.catch(() => undefined);
    if (!(await within(ready, WORKERS_READY_WAIT_MS))) {
      this.logger.warn('Redis is not reachable yet: jobs will be taken once it is');
    }
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, jobId: string): Promise<void> {
    const queue = this.queues.get(JOB_QUEUES[name]);
    if (!queue) throw new Error(`No queue for job "${name}"`);
    // With a job id BullMQ ignores the add while a job with that id is kept (de-duplication).
    await queue.add(name, payload, { jobId });
  }

  async repeat<N extends JobName>(
    schedulerId: string,
    name: N,
    payload: JobPayload<N>,
    everyMs: number,
  ): Promise<void> {
    const queue = this.queues.get(JOB_QUEUES[name]);
    if (!queue) throw new Error(`No queue for job "${name}"`);
    // Upserting the same scheduler id from every API instance keeps one schedule in Redis.
    await queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name, data: payload });
  }

  async whenIdle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = await this.pendingJobs();
      if (pending === 0) return;
      if (Date.now() >= deadline) {
        throw new Error(`Jobs still pending after ${timeoutMs} ms (${pending} in Redis)`);
      }
      await sleep(IDLE_POLL_MS);
    }
  }

  /**
   * A worker's connection settings; BullMQ creates and owns the clients (a worker's commands and
   * its blocking reads). They reconnect while Redis is unreachable, until close(): with Redis
   * unreachable, Worker.close() waits for a connection that never comes, a second, forced close
   * only returns that same wait, and a client left retrying keeps its reconnection timer, and so
   * the process, alive. Once closed, the retry strategy answers null: ioredis stops retrying and
   * ends the client at its next attempt (within WORKER_RECONNECT_MAX_MS), which also ends the
   * waits on it.
   */
  private workerConnection(): { url: string; retryStrategy: (times: number) => number | null } {
    return {
      url: this.options.redisUrl,
      retryStrategy: (times) =>
        this.closed ? null : Math.max(Math.min(Math.exp(times), WORKER_RECONNECT_MAX_MS), 1_000),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    // Worker.close() stops taking jobs and waits for the ones running, so a deploy does not cut
    // an email in half; past closeTimeoutMs the running ones are cancelled (a webhook post is
    // aborted), which fails their attempt, so BullMQ retries them elsewhere. A job that ignores
    // the cancellation is abandoned after a last grace second: its lock expires and BullMQ's
    // stalled-job check gives it to another worker. Either way nothing is lost, and at least
    // once holds.
    const closing = Promise.all(this.workers.map((worker) => worker.close()));
    const finished = await within(closing, this.options.closeTimeoutMs);
    if (!finished) {
      this.logger.warn(
        `Jobs still running after ${this.options.closeTimeoutMs} ms: cancelling them, they will be retried`,
      );
      for (const worker of this.workers) worker.cancelAllJobs('the worker is shutting down');
      const cancelled = await within(closing, CANCEL_GRACE_MS);
      // Forced, and bounded too: with Redis unreachable even a forced close waits for it.
      if (!cancelled) {
        await within(
          Promise.all(this.workers.map((worker) => worker.close(true))),
          QUEUE_CLOSE_TIMEOUT_MS,
        );
      }
    }
    // close() waits for Redis; with Redis gone it would wait forever, so it gets a time limit.
    await within(
      Promise.all([...this.queues.values()].map((queue) => queue.close())),
      QUEUE_CLOSE_TIMEOUT_MS,
    );
    this.connection.disconnect();
  }

  /** Jobs per queue and state, for the `poscalls_queue_jobs` gauge. */
  private async queueDepths(): Promise<{ queue: string; state: string; count: number }[]> {
    const states = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;
    const perQueue = await Promise.all(
      [...this.queues.entries()].map(async ([queue, handle]) => {
        const counts = await handle.getJobCounts(...states);
        return states.map((state) => ({ queue, state, count: counts[state] ?? 0 }));
      }),
    );
    return perQueue.flat();
  }

  private countFinished(queue: QueueName, job: Job, outcome: JobOutcome): void {
    // BullMQ stamps both ends of the attempt in Redis; the difference is the run time.
    const seconds = ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000;
    this.metrics?.jobFinished(queue, job.name, outcome, seconds);
  }

  private async pendingJobs(): Promise<number> {
    const processed = new Set<QueueName>(this.options.processQueues);
    const counts = await Promise.all(
      [...this.queues.entries()].map(async ([name, queue]) => {
        const count = await queue.getJobCounts(
          'active',
          'wait',
          'delayed',
          'prioritized',
          'waiting-children',
        );
        // A job scheduler always keeps its next run delayed: that one is not pending work. Nor
        // is a scheduler's run waiting in a queue this process does not run (the worker's
        // hourly maintenance, seen from an API instance): nothing here will ever take it.
        const states: ('delayed' | 'wait')[] = processed.has(name)
          ? ['delayed']
          : ['delayed', 'wait'];
        let scheduled = 0;
        for (const state of states) {
          const n = count[state] ?? 0;
          if (n === 0) continue;
          const jobs =
            state === 'delayed' ? await queue.getDelayed(0, n) : await queue.getWaiting(0, n);
          scheduled += jobs.filter((job) => job.repeatJobKey).length;
        }
        return Object.values(count).reduce((sum, n) => sum + n, 0) - scheduled;
      }),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  }

  private async process(job: Job, signal: AbortSignal | undefined): Promise<void> {
    // A job written by a newer or older release: retrying will not help.
    if (!isJobName(job.name)) throw new UnrecoverableError(`Unknown job "${job.name}"`);
    if (!job.id) throw new UnrecoverableError(`Job "${job.name}" has no id`);
    await this.registry.run(job.name, job.data as JobPayload<JobName>, {
      jobId: job.id,
      attempt: job.attemptsStarted,
      ...(signal ? { signal } : {}),
    });
  }
}
