/**
 * Every queue and job of the platform, in one place. A job belongs to exactly one queue;
 * each queue gets its own BullMQ worker so a slow kind of work cannot starve another.
 */
export enum QueueName {
  Email = 'email',
}

export enum JobName {
  SendEmail = 'send-email',
}

/** Which queue carries each job. */
export const JOB_QUEUES: Record<JobName, QueueName> = {
  [JobName.SendEmail]: QueueName.Email,
};

/** How many jobs of one queue a single worker process runs at the same time. */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  [QueueName.Email]: 5,
};

/**
 * An email that is already rendered: the API renders it (it knows the user and the links),
 * the job only sends it. Plain data, so it survives the trip through Redis as JSON.
 */
export interface SendEmailPayload {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** The payload type of each job. */
export interface JobPayloads {
  [JobName.SendEmail]: SendEmailPayload;
}

export type JobPayload<N extends JobName> = JobPayloads[N];
