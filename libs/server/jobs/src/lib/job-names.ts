import type { WebhookAction } from '@poscalls4u/contracts';

/**
 * Every queue and job of the platform, in one place. A job belongs to exactly one queue;
 * each queue gets its own BullMQ worker so a slow kind of work cannot starve another.
 */
export enum QueueName {
  Email = 'email',
  Webhooks = 'webhooks',
  Reports = 'reports',
  /** Housekeeping that runs on a schedule (`JobQueue.repeat`). */
  Maintenance = 'maintenance',
  /** Notifications that a committed change owes someone (a chat message's recipients). */
  Notifications = 'notifications',
}

export enum JobName {
  SendEmail = 'send-email',
  DeliverWebhook = 'deliver-webhook',
  ScheduledReportsTick = 'scheduled-reports-tick',
  DeliverScheduledReport = 'deliver-scheduled-report',
  ChatRetention = 'chat-retention',
  NotifyChatMessage = 'notify-chat-message',
}

/** Which queue carries each job. */
export const JOB_QUEUES: Record<JobName, QueueName> = {
  [JobName.SendEmail]: QueueName.Email,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
  [JobName.ScheduledReportsTick]: QueueName.Reports,
  [JobName.DeliverScheduledReport]: QueueName.Reports,
  [JobName.ChatRetention]: QueueName.Maintenance,
  [JobName.NotifyChatMessage]: QueueName.Notifications,
};

/**
 * Which process runs each queue's jobs when Redis is configured. `worker`: the worker app.
 * `api`: the API processes themselves, for jobs whose handlers need the API's product areas
 * (a scheduled report is rendered from the statistics area, which lives in the API). Without
 * Redis the API runs every queue in-process.
 */
export const QUEUE_PROCESSOR: Record<QueueName, 'worker' | 'api'> = {
  [QueueName.Email]: 'worker',
  [QueueName.Webhooks]: 'worker',
  [QueueName.Reports]: 'api',
  // The chat retention sweep's handler lives in the database library: the worker runs it.
  [QueueName.Maintenance]: 'worker',
  // The notification centre lives in the API (it pushes on the API's sockets).
  [QueueName.Notifications]: 'api',
};

/** How many jobs of one queue a single worker process runs at the same time. */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  [QueueName.Email]: 5,
  // Mostly waiting on PBXs' HTTP answers, so more at once than email.
  [QueueName.Webhooks]: 10,
  // Each delivery renders a report and talks to SMTP: a few at once per API instance.
  [QueueName.Reports]: 2,
  [QueueName.Maintenance]: 1,
  // A few short inserts each.
  [QueueName.Notifications]: 5,
};

/**
 * What every payload may carry besides its own data: the id of the request that caused the job
 * (the outbox fills it in), so the worker's log lines and the webhook it posts can be tied to
 * that request.
 */
export interface JobMeta {
  requestId?: string;
}

/**
 * An email that is already rendered: the API renders it (it knows the user and the links),
 * the job only sends it. Plain data, so it survives the trip through Redis as JSON.
 */
export interface SendEmailPayload extends JobMeta {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Files attached to the email (text content, e.g. a CSV report). */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * An agent's action that a telephony integration must carry out, posted (signed) to its
 * webhook. Written to the outbox in the transaction of the action; `action.id` lets the PBX
 * ignore a repeated delivery.
 */
export interface DeliverWebhookPayload extends JobMeta {
  integrationId: string;
  action: WebhookAction;
}

/** The periodic tick that finds the scheduled reports that are due; `at` is its slot (ISO). */
export interface ScheduledReportsTickPayload extends JobMeta {
  at?: string;
}

/** One claimed delivery of a scheduled report (a `report_deliveries` row). */
export interface DeliverScheduledReportPayload extends JobMeta {
  deliveryId: string;
}

/** Deletes the chat messages older than the organisation's `chatRetentionDays`: no input. */
export type ChatRetentionPayload = Record<string, never>;

/**
 * A stored chat message owes its recipients a notification (a direct message's other member, or
 * the mentioned members): written to the outbox in the statement that stores the message, so a
 * crash after the answer loses none. Ids only, never text (the server has none).
 */
export interface NotifyChatMessagePayload extends JobMeta {
  roomId: string;
  messageId: string;
  senderUserId: string;
  recipientIds: string[];
  kind: 'dm' | 'mention';
}

/** The payload type of each job. */
export interface JobPayloads {
  [JobName.SendEmail]: SendEmailPayload;
  [JobName.DeliverWebhook]: DeliverWebhookPayload;
  [JobName.ScheduledReportsTick]: ScheduledReportsTickPayload;
  [JobName.DeliverScheduledReport]: DeliverScheduledReportPayload;
  [JobName.ChatRetention]: ChatRetentionPayload;
  [JobName.NotifyChatMessage]: NotifyChatMessagePayload;
}

export type JobPayload<N extends JobName> = JobPayloads[N];
