import { Injectable } from '@nestjs/common';

import {
  HandlesJob,
  JobContext,
  JobHandler,
  JobName,
  SendEmailPayload,
} from '@poscalls4u/server-jobs';

import { MailService } from './mail.service';

/**
 * Sends an already rendered email. Safe to run twice: sending is its only effect, and every
 * try of one job carries the same Message-ID, so a duplicate after a retry is collapsed by
 * mail clients instead of showing twice. (SMTP itself offers no exactly-once delivery.)
 */
@HandlesJob(JobName.SendEmail)
@Injectable()
export class SendEmailJobHandler implements JobHandler<JobName.SendEmail> {
  constructor(private readonly mail: MailService) {}

  async handle(payload: SendEmailPayload, context: JobContext): Promise<void> {
    await this.mail.send(payload, { idempotencyKey: context.jobId });
  }
}
