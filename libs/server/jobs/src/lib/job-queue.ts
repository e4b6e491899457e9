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
import { JobName, JobPayload } from './job-names';

export interface JobsModuleOptions {
  /**
   * With Redis: true runs BullMQ workers for every queue (the worker app), false only adds jobs
   * (the API). Without Redis jobs always run in-process and this flag does not matter.
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
 * `producer`: Redis, this process only adds jobs (the API).
 * `worker`: Redis, this process runs the BullMQ workers (the worker app).
 */
export type JobsMode = 'in-process' | 'producer' | 'worker';

/** The one way to start background work. */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  readonly mode: JobsMode;
  private readonly logger = new Logger('JobQueue');
  private readonly driver: JobDriver;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(JOBS_MODULE_OPTIONS) options: JobsModuleOptions,
    private readonly registry: JobHandlerRegistry,
  ) {
    const redisUrl = config.redis.url;
    if (redisUrl) {
      this.mode = options.processJobs ? 'worker' : 'producer';
      this.driver = new BullMqJobDriver(
        { redisUrl, prefix: config.redis.queuePrefix, processJobs: options.processJobs },
        registry,
      );
    } else {
      this.mode = 'in-process';
      this.driver = new InProcessJobDriver(registry);
    }
  }

  /** The side that runs jobs refuses to start unless every job has exactly one handler. */
  onModuleInit(): void {
    if (this.mode !== 'producer') this.registry.load();
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
   * Runs a job every `everyMs` (housekeeping sweeps): a BullMQ job scheduler with Redis, shared by
   * every instance and run once per period by a worker; a timer in this process without Redis.
   */
  async every<N extends JobName>(name: N, payload: JobPayload<N>, everyMs: number): Promise<void> {
    await this.driver.every(name, payload, everyMs);
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
    if (this.mode !== 'producer') this.logger.log('Stopping: letting running jobs finish');
    await this.driver.close();
  }
}
