import { SetMetadata } from '@nestjs/common';

import { JobName, JobPayload } from './job-names';

/** What a handler learns about the job it runs. */
export interface JobContext {
  /** Stable across retries of the same job: use it to make the handler idempotent. */
  jobId: string;
  /** 1 for the first try. */
  attempt: number;
  /**
   * Aborted when the worker shuts down and cannot wait for the job any longer: stop, and throw
   * (the attempt fails and the job is retried). Absent when jobs run in-process.
   */
  signal?: AbortSignal;
}

/**
 * Runs one kind of job. Jobs are delivered at least once (a worker can die after the work and
 * before the acknowledgement), so a handler must be safe to run twice for the same job.
 * Throwing fails the attempt; the job is retried with exponential backoff.
 */
export interface JobHandler<N extends JobName> {
  handle(payload: JobPayload<N>, context: JobContext): Promise<void>;
}

export const JOB_HANDLER_METADATA = 'poscalls4u:job-handler';

/**
 * Marks a provider as the handler of one job. Any module may declare handlers; the jobs module
 * finds them at start-up and refuses to start when a job has no handler or more than one.
 *
 * @example
 *   @HandlesJob(JobName.SendEmail)
 *   @Injectable()
 *   export class SendEmailJobHandler implements JobHandler<JobName.SendEmail> { ... }
 */
export function HandlesJob<N extends JobName>(
  name: N,
): (target: abstract new (...args: never[]) => JobHandler<N>) => void {
  return (target) => {
    SetMetadata(JOB_HANDLER_METADATA, name)(target);
  };
}
