import { Logger } from '@nestjs/common';

import { JobDriver, errorMessage, sleep } from './job-driver';
import { JobHandlerRegistry } from './job-handler-registry';
import { JOB_QUEUES, JobName, JobPayload } from './job-names';
import { IN_PROCESS_BACKOFF_DELAY_MS, QUEUE_ATTEMPTS, backoffDelay } from './retry-policy';

/** How many finished job ids are remembered to ignore duplicates, like BullMQ's kept jobs. */
const REMEMBERED_JOB_IDS = 1_000;

/**
 * Runs jobs inside this process, after the caller's request has moved on, with the same retry
 * policy as BullMQ. A failed job is logged and dropped; it never crashes the process.
 * Jobs live in memory only: a restart loses the pending ones (run Redis and the worker for that).
 */
export class InProcessJobDriver implements JobDriver {
  private readonly logger = new Logger('JobQueue');
  private readonly running = new Set<Promise<void>>();
  private readonly seenJobIds = new Set<string>();
  private closed = false;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Settles with true at start, or with false when closed before starting (start-up failed). */
  private readonly started: Promise<boolean>;
  private settleStarted!: (started: boolean) => void;

  constructor(private readonly registry: JobHandlerRegistry) {
    this.started = new Promise((resolve) => (this.settleStarted = resolve));
  }

  async start(): Promise<void> {
    this.settleStarted(true);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, jobId: string): Promise<void> {
    if (this.closed) throw new Error(`Cannot enqueue job "${name}": the job queue is closed`);
    if (this.seenJobIds.has(jobId)) {
      this.logger.debug(`Job ${name} ${jobId} was already enqueued; ignoring the duplicate`);
      return;
    }
    this.remember(jobId);
    // A JSON copy, as Redis would store it: the handler never shares objects with the caller,
    // and a payload that would not survive Redis fails here too.
    const data = JSON.parse(JSON.stringify(payload)) as JobPayload<N>;
    const task = this.run(name, data, jobId).finally(() => this.running.delete(task));
    this.running.add(task);
  }

  async repeat<N extends JobName>(
    schedulerId: string,
    name: N,
    payload: JobPayload<N>,
    everyMs: number,
  ): Promise<void> {
    clearInterval(this.timers.get(schedulerId));
    const timer = setInterval(() => {
      // One job id per slot, as BullMQ's scheduler would make: a slow tick is not doubled.
      const slot = Math.floor(Date.now() / everyMs) * everyMs;
      this.enqueue(name, payload, `${schedulerId}-${slot}`).catch((error: unknown) =>
        this.logger.warn(`Repeated job ${name} not added: ${errorMessage(error)}`),
      );
    }, everyMs);
    timer.unref();
    this.timers.set(schedulerId, timer);
  }

  async whenIdle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `Jobs still running after ${timeoutMs} ms (${this.running.size} in process)`,
        );
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.running]),
        new Promise((resolve) => (timer = setTimeout(resolve, remaining))),
      ]);
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    this.settleStarted(false);
    await this.whenIdle(30_000).catch((error: unknown) => this.logger.error(errorMessage(error)));
  }

  private async run<N extends JobName>(name: N, payload: JobPayload<N>, jobId: string) {
    // Leave the caller's call stack first: enqueue never runs a handler synchronously.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Jobs enqueued while the application starts wait until the handlers are checked.
    if (!(await this.started)) {
      this.logger.warn(`Job ${name} ${jobId} dropped: the application stopped before starting`);
      return;
    }
    const attempts = QUEUE_ATTEMPTS[JOB_QUEUES[name]];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.registry.run(name, payload, { jobId, attempt });
        return;
      } catch (error) {
        if (attempt >= attempts) {
          this.logger.error(
            `Job ${name} ${jobId} failed after ${attempt} attempts, giving up: ${errorMessage(error)}`,
          );
          return;
        }
        const delay = backoffDelay(IN_PROCESS_BACKOFF_DELAY_MS, attempt);
        this.logger.warn(
          `Job ${name} ${jobId} failed (attempt ${attempt}/${attempts}), retrying in ${delay} ms: ${errorMessage(error)}`,
        );
        await sleep(delay);
      }
    }
  }

  private remember(jobId: string): void {
    this.seenJobIds.add(jobId);
    if (this.seenJobIds.size > REMEMBERED_JOB_IDS) {
      const oldest = this.seenJobIds.values().next().value;
      if (oldest !== undefined) this.seenJobIds.delete(oldest);
    }
  }
}
