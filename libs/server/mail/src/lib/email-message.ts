import { SendEmailPayload } from '@poscalls4u/server-jobs';

/**
 * One rendered email. The same shape as the send-email job's payload (defined once, in the
 * jobs library), so a rendered email goes into a job unchanged.
 */
export type EmailMessage = SendEmailPayload;

export interface SendOptions {
  /**
   * The same key for the same email (a job id): the email gets the same Message-ID on every
   * try, so mail clients collapse a duplicate delivery after a retry.
   */
  idempotencyKey?: string;
}

export interface SentEmail {
  messageId: string;
  transport: 'smtp' | 'outbox';
  /** The .eml file, when written to the outbox. */
  file?: string;
}
