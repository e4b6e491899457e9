import { QueueName } from './job-names';

/**
 * Tries per job of each queue, the first one included (BullMQ's `attempts`). An email either
 * goes within a minute or something is wrong with the SMTP settings; a PBX's webhook may be down
 * for a maintenance window, so its actions keep trying for about an hour (2 s doubling, 12 tries).
 */
export const QUEUE_ATTEMPTS: Record<QueueName, number> = {
  [QueueName.Email]: 5,
  [QueueName.Webhooks]: 12,
  // A report delivery retries an SMTP outage for about half an hour (2 s doubling, 10 tries).
  [QueueName.Reports]: 10,
  // A scheduled sweep runs again at its next tick anyway.
  [QueueName.Maintenance]: 3,
  // A database hiccup: a few tries within half a minute.
  [QueueName.Notifications]: 5,
};

/** First retry delay with Redis; each further retry waits twice as long (2 s, 4 s, 8 s, 16 s...). */
export const JOB_BACKOFF_DELAY_MS = 2_000;

/**
 * First retry delay without Redis. Same exponential policy, but shorter: the jobs live in the
 * API process's memory, so a long backoff only widens the window in which a restart loses them.
 */
export const IN_PROCESS_BACKOFF_DELAY_MS = 250;

/** The delay before retry number `retry` (1 for the first retry). */
export function backoffDelay(baseMs: number, retry: number): number {
  return baseMs * 2 ** (retry - 1);
}

/** Finished jobs BullMQ keeps (for inspection and de-duplication by job id) before removing them. */
export const KEEP_COMPLETED_JOBS = { age: 24 * 3600, count: 1_000 };
export const KEEP_FAILED_JOBS = { age: 7 * 24 * 3600, count: 5_000 };
