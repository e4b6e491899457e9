import { Global, Module } from '@nestjs/common';

import { MailService } from './mail.service';
import { SendEmailJobHandler } from './send-email.job-handler';

/**
 * Sending email, and the handler of the send-email job. Reads `APP_CONFIG` (global).
 * Import it in every process that runs jobs: the worker, and the API (it runs jobs in-process
 * without Redis). Feature code does not send directly: it renders with `renderEmail` and
 * enqueues `JobName.SendEmail`, so a slow or failing mail server never blocks a request.
 * Global, so that another job's handler (a scheduled report's delivery, which records each
 * recipient it has served) can send from inside its own job.
 */
@Global()
@Module({
  providers: [MailService, SendEmailJobHandler],
  exports: [MailService],
})
export class MailModule {}
