import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig } from '@poscalls4u/server-config';

import { BullMqJobDriver } from './bullmq-job-driver';
import { InProcessJobDriver } from './in-process-job-driver';
import { JobDriver } from './job-driver';
import { JobHandlerRegistry } from './job-handler-registry';
import { JobMetrics } from './job-metrics';
import { JOB_QUEUES, JobName, JobPayload, QUEUE_PROCESSOR, QueueName } from './job-names';

export interface JobsModuleOptions {
  /**
   * With Redis: true runs BullMQ workers for the worker app's queues (`QUEUE_PROCESSOR`), false
   * is the API, which adds jobs and runs workers only for the queues marked `api`. Without Redis
   * jobs always run in-process and this flag does not matter.
   */
  processJobs: boolean;
}

export const JOBS_MODULE_OPTIONS = Symbol('JOBS_MODULE_OPTIONS');

export interface EnqueueOptions {
  /**
   * De-duplicates: a job with the id of a job still kept (queued, running or recently finished)
   * is ignored. Derive it from what makes the job unique, e.g. `welcome-<userId>`.
   * Must not be an integer nor contain ":" (BullMQ's rules, enforced in both modes).
   */
  jobId?: string;
}

/**
 * `in-process`: no Redis, handlers run in this process.
 * `producer`: Redis, this process adds jobs and runs only the `api` queues (the API).
 * `worker`: Redis, this process runs the BullMQ workers of the other queues (the worker app).
 */
export type JobsMode = 'in-process' | 'producer' | 'worker';

/** How long `repeatWhenReachable` waits before trying a refused schedule again. */
const REPEAT_RETRY_MS = 30_000;

/** The one way to start background work. */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  readonly mode: JobsMode;
  private readonly logger = new Logger('JobQueue');
  private readonly driver: JobDriver;
  /** The jobs this process runs (every job in-process). */
  private readonly processed: JobName[];
  /** Registrations of `repeatWhenReachable` waiting to try again. */
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(JOBS_MODULE_OPTIONS) options: JobsModuleOptions,
    private readonly registry: JobHandlerRegistry,
    metrics: JobMetrics,
  ) {
    const redisUrl = config.redis.url;
    if (redisUrl) {
      this.mode = options.processJobs ? 'worker' : 'producer';
      const side = options.processJobs ? 'worker' : 'api';
      const processQueues = Object.values(QueueName).filter(
        (queue) => QUEUE_PROCESSOR[queue] === side,
      );
      this.processed = Object.values(JobName).filter((job) =>
        processQueues.includes(JOB_QUEUES[job]),
      );
      this.driver = new BullMqJobDriver(
        {
          redisUrl,
          prefix: config.redis.queuePrefix,
          processQueues,
          // The same budget as an API instance's drain (SHUTDOWN_TIMEOUT), with room to close.
          closeTimeoutMs: Math.round(config.http.shutdownTimeoutMs * 0.8),
        },
        registry,
        metrics,
      );
    } else {
      this.mode = 'in-process';
      this.processed = Object.values(JobName);
      this.driver = new InProcessJobDriver(registry);
    }
  }

  /** Refuses to start unless every job this process runs has exactly one handler. */
  onModuleInit(): void {
    this.registry.load(this.processed);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.driver.start();
    if (this.mode === 'in-process') {
      this.logger.warn(
        'REDIS_URL is not set: jobs run in-process and a restart loses the pending ones. Set REDIS_URL and run the worker in production.',
      );
    } else {
      this.logger.log(
        this.mode === 'worker'
          ? 'Processing jobs from Redis'
          : 'Adding jobs to Redis; the worker runs them',
      );
    }
  }

  /**
   * Adds a job and returns once it is stored (in Redis, or in memory without Redis); it never
   * waits for the job to run. Rejects when Redis cannot take the job.
   */
  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options: EnqueueOptions = {},
  ): Promise<void> {
    const jobId = options.jobId ?? randomUUID();
    if (/^\d+$/.test(jobId) || jobId.includes(':')) {
      throw new Error(`Invalid job id "${jobId}": it must not be an integer nor contain ":"`);
    }
    await this.driver.enqueue(name, payload, jobId);
  }

  /**
   * Adds the job every `everyMs` (a BullMQ job scheduler with Redis, a timer in-process). Safe
   * to call from every instance at start-up: one schedule per `schedulerId`.
   */
  async repeat<N extends JobName>(
    schedulerId: string,
    name: N,
    payload: JobPayload<N>,
    everyMs: number,
  ): Promise<void> {
    if (/^\d+$/.test(schedulerId) || schedulerId.includes(':')) {
      throw new Error(`Invalid scheduler id "${schedulerId}"`);
    }
    await this.driver.repeat(schedulerId, name, payload, everyMs);
  }

  /**
   * `repeat`, for start-up: never blocks or fails it. When Redis cannot take the schedule yet, it
   * says so once and tries again every 30 s, so the API serves meanwhile and the periodic job
   * starts once Redis is back.
   */
  repeatWhenReachable<N extends JobName>(
    schedulerId: string,
    name: N,
    payload: JobPayload<N>,
    everyMs: number,
  ): void {
    const attempt = (first: boolean) => {
      this.repeat(schedulerId, name, payload, everyMs).catch((error: unknown) => {
        if (first) {
          this.logger.warn(
            `Could not schedule "${name}" (${error instanceof Error ? error.message : String(error)}); trying again every ${String(REPEAT_RETRY_MS / 1000)} s`,
          );
        }
        const timer = setTimeout(() => {
          this.retries.delete(timer);
          attempt(false);
        }, REPEAT_RETRY_MS);
        timer.unref();
        this.retries.add(timer);
      });
    };
    attempt(true);
  }

  /**
   * Resolves when no job is waiting, waiting for a retry or running; rejects after `timeoutMs`.
   * For tests and shutdown, instead of sleeping. With Redis it watches the shared queues, so
   * it also waits for jobs added by other processes.
   */
  whenIdle(timeoutMs = 30_000): Promise<void> {
    return this.driver.whenIdle(timeoutMs);
  }

  /** Lets running jobs finish, then closes workers and Redis connections. */
  async onModuleDestroy(): Promise<void> {
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    if (this.mode !== 'producer') this.logger.log('Stopping: letting running jobs finish');
    await this.driver.close();
  }
}
