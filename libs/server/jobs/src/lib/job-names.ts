import type { WebhookAction } from '@poscalls4u/contracts';

/**
 * Every queue and job of the platform, in one place. A job belongs to exactly one queue;
 * each queue gets its own BullMQ worker so a slow kind of work cannot starve another.
 */
export enum QueueName {
  Email = 'email',
  Webhooks = 'webhooks',
  /** Housekeeping that runs on a schedule (`JobQueue.every`). */
  Maintenance = 'maintenance',
}

export enum JobName {
  SendEmail = 'send-email',
  DeliverWebhook = 'deliver-webhook',
  ChatRetention = 'chat-retention',
}

/** Which queue carries each job. */
export const JOB_QUEUES: Record<JobName, QueueName> = {
  [JobName.SendEmail]: QueueName.Email,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
  [JobName.ChatRetention]: QueueName.Maintenance,
};

/** How many jobs of one queue a single worker process runs at the same time. */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  [QueueName.Email]: 5,
  // Mostly waiting on PBXs' HTTP answers, so more at once than email.
  [QueueName.Webhooks]: 10,
  [QueueName.Maintenance]: 1,
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

/**
 * An agent's action that a telephony integration must carry out, posted (signed) to its
 * webhook. Written to the outbox in the transaction of the action; `action.id` lets the PBX
 * ignore a repeated delivery.
 */
export interface DeliverWebhookPayload {
  integrationId: string;
  action: WebhookAction;
}

/** Deletes the chat messages older than the organisation's `chatRetentionDays`: no input. */
export type ChatRetentionPayload = Record<string, never>;

/** The payload type of each job. */
export interface JobPayloads {
  [JobName.SendEmail]: SendEmailPayload;
  [JobName.DeliverWebhook]: DeliverWebhookPayload;
  [JobName.ChatRetention]: ChatRetentionPayload;
}

export type JobPayload<N extends JobName> = JobPayloads[N];
