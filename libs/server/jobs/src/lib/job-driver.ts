import { JobName, JobPayload } from './job-names';

/**
 * How jobs travel: through Redis with BullMQ, or inside this process when there is no Redis
 * (Twenty's sync driver idea: the rest of the code does not know which one runs).
 */
export interface JobDriver {
  /** Starts running jobs; called once the handlers are known to be complete. */
  start(): Promise<void>;
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, jobId: string): Promise<void>;
  /**
   * Adds `name` every `everyMs` from now on (one schedule per `schedulerId`, however many
   * processes ask for it). The scheduled runs do not count for `whenIdle`.
   */
  repeat<N extends JobName>(
    schedulerId: string,
    name: N,
    payload: JobPayload<N>,
    everyMs: number,
  ): Promise<void>;
  /** Resolves when no job is waiting, delayed for a retry or running; rejects after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<void>;
  /** Stops taking jobs and lets the running ones finish. */
  close(): Promise<void>;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
