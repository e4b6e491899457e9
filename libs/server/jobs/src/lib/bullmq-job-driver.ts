import { Logger } from '@nestjs/common';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';

import { JobDriver, errorMessage, sleep } from './job-driver';
import { JobHandlerRegistry } from './job-handler-registry';
import { JOB_QUEUES, JobName, JobPayload, QUEUE_CONCURRENCY, QueueName } from './job-names';
import {
  JOB_BACKOFF_DELAY_MS,
  KEEP_COMPLETED_JOBS,
  KEEP_FAILED_JOBS,
  QUEUE_ATTEMPTS,
} from './retry-policy';

const QUEUE_CLOSE_TIMEOUT_MS = 3_000;

export interface BullMqDriverOptions {
  redisUrl: string;
  prefix: string;
  /** Run workers (the worker app) or only add jobs (the API). */
  processJobs: boolean;
}

const IDLE_POLL_MS = 50;

function isJobName(name: string): name is JobName {
  return (Object.values(JobName) as string[]).includes(name);
}

/** Jobs through Redis: the API adds them, the worker processes run them. */
export class BullMqJobDriver implements JobDriver {
  private readonly logger = new Logger('JobQueue');
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  /**
   * The queues' connection, owned here so shutdown can always end it. Without an offline queue an
   * add fails at once while Redis is unreachable (the outbox retries it) instead of hanging.
   */
  private readonly connection: Redis;

  constructor(
    private readonly options: BullMqDriverOptions,
    private readonly registry: JobHandlerRegistry,
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
  }

  async start(): Promise<void> {
    if (!this.options.processJobs) return;
    for (const name of Object.values(QueueName)) {
      const worker = new Worker(name, (job) => this.process(job), {
        connection: { url: this.options.redisUrl },
        prefix: this.options.prefix,
        concurrency: QUEUE_CONCURRENCY[name],
      });
      worker.on('error', (error) => this.logger.error(`Worker ${name}: ${errorMessage(error)}`));
      worker.on('failed', (job, error) => {
        if (!job) return;
        const final = job.attemptsMade >= (job.opts.attempts ?? 1);
        const message = `Job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}/${job.opts.attempts ?? 1})${final ? ', giving up' : ', will retry'}: ${errorMessage(error)}`;
        if (final) this.logger.error(message);
        else this.logger.warn(message);
      });
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, jobId: string): Promise<void> {
    const queue = this.queues.get(JOB_QUEUES[name]);
    if (!queue) throw new Error(`No queue for job "${name}"`);
    // With a job id BullMQ ignores the add while a job with that id is kept (de-duplication).
    await queue.add(name, payload, { jobId });
  }

  /**
   * A BullMQ job scheduler named after the job: every API instance upserts the same one at
   * start-up, so the job runs once per period whatever the number of instances, on a worker.
   */
  async every<N extends JobName>(name: N, payload: JobPayload<N>, everyMs: number): Promise<void> {
    const queue = this.queues.get(JOB_QUEUES[name]);
    if (!queue) throw new Error(`No queue for job "${name}"`);
    await queue.upsertJobScheduler(name, { every: everyMs }, { name, data: payload });
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

  async close(): Promise<void> {
    // Worker.close() waits for the jobs it is running, so a deploy does not cut an email in half.
    await Promise.all(this.workers.map((worker) => worker.close()));
    // close() waits for Redis; with Redis gone it would wait forever, so it gets a time limit.
    await Promise.race([
      Promise.all([...this.queues.values()].map((queue) => queue.close())),
      sleep(QUEUE_CLOSE_TIMEOUT_MS),
    ]);
    this.connection.disconnect();
  }

  private async pendingJobs(): Promise<number> {
    const counts = await Promise.all(
      [...this.queues.values()].map((queue) =>
        queue.getJobCounts('active', 'wait', 'delayed', 'prioritized', 'waiting-children'),
      ),
    );
    return counts.flatMap((count) => Object.values(count)).reduce((sum, n) => sum + n, 0);
  }

  private async process(job: Job): Promise<void> {
    // A job written by a newer or older release: retrying will not help.
    if (!isJobName(job.name)) throw new UnrecoverableError(`Unknown job "${job.name}"`);
    if (!job.id) throw new UnrecoverableError(`Job "${job.name}" has no id`);
    await this.registry.run(job.name, job.data as JobPayload<JobName>, {
      jobId: job.id,
      attempt: job.attemptsStarted,
    });
  }
}
