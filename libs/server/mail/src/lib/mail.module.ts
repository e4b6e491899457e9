import { Module } from '@nestjs/common';

import { MailService } from './mail.service';
import { SendEmailJobHandler } from './send-email.job-handler';

/**
 * Sending email, and the handler of the send-email job. Reads `APP_CONFIG` (global).
 * Import it in every process that runs jobs: the worker, and the API (it runs jobs in-process
 * without Redis). Feature code does not send directly: it renders with `renderEmail` and
 * enqueues `JobName.SendEmail`, so a slow or failing mail server never blocks a request.
 */
@Module({
  providers: [MailService, SendEmailJobHandler],
  exports: [MailService],
})
export class MailModule {}
