import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { AppConfigModule, loadAppConfig } from '@poscalls4u/server-config';

import { HandlesJob, JobContext, JobHandler } from './job-handler';
import { JobName, SendEmailPayload } from './job-names';
import { JobQueue } from './job-queue';
import { JobsModule } from './jobs.module';

const config = loadAppConfig({ NODE_ENV: 'test', JWT_SECRET: 'test-secret-'.padEnd(40, 'x') });

const payload: SendEmailPayload = {
  to: 'ana@example.test',
  subject: 'Hi',
  html: '<p>Hi</p>',
  text: 'Hi',
};

/** Records its calls; fails the first `failures` attempts of every job. */
@Injectable()
class RecordingHandler {
  readonly calls: Array<{ payload: SendEmailPayload; context: JobContext }> = [];
  failures = 0;

  async handle(payload: SendEmailPayload, context: JobContext): Promise<void> {
    this.calls.push({ payload, context });
    if (context.attempt <= this.failures) throw new Error(`attempt ${context.attempt} fails`);
  }
}

@HandlesJob(JobName.SendEmail)
@Injectable()
class SendEmailHandler extends RecordingHandler implements JobHandler<JobName.SendEmail> {}

@HandlesJob(JobName.SendEmail)
@Injectable()
class OtherSendEmailHandler extends RecordingHandler implements JobHandler<JobName.SendEmail> {}

/** Every job needs a handler for the queue to start; this suite exercises the email job only. */
@HandlesJob(JobName.DeliverWebhook)
@Injectable()
class IgnoredWebhookHandler implements JobHandler<JobName.DeliverWebhook> {
  async handle(): Promise<void> {
    // not under test
  }
}

/** Every job a process runs needs a handler; the scheduled reports' jobs are not under test here. */
@HandlesJob(JobName.ScheduledReportsTick)
@Injectable()
class IgnoredReportsTickHandler implements JobHandler<JobName.ScheduledReportsTick> {
  async handle(): Promise<void> {
    // not under test
  }
}

@HandlesJob(JobName.DeliverScheduledReport)
@Injectable()
class IgnoredReportDeliveryHandler implements JobHandler<JobName.DeliverScheduledReport> {
  async handle(): Promise<void> {
    // not under test
  }
}

@HandlesJob(JobName.NotifyChatMessage)
@Injectable()
class IgnoredChatNotifyHandler implements JobHandler<JobName.NotifyChatMessage> {
  async handle(): Promise<void> {
    // not under test
  }
}

@HandlesJob(JobName.ChatRetention)
@Injectable()
class IgnoredChatRetentionHandler implements JobHandler<JobName.ChatRetention> {
  async handle(): Promise<void> {
    // not under test
  }
}

function createContext(handlers: Array<new () => RecordingHandler>) {
  @Module({
    providers: [
      ...handlers,
      IgnoredWebhookHandler,
      IgnoredReportsTickHandler,
      IgnoredReportDeliveryHandler,
      IgnoredChatNotifyHandler,
      IgnoredChatRetentionHandler,
    ],
  })
  class HandlersModule {}

  @Module({
    imports: [
      AppConfigModule.forRoot(config),
      JobsModule.forRoot({ processJobs: false }),
      HandlersModule,
    ],
  })
  class RootModule {}

  return NestFactory.createApplicationContext(RootModule, { logger: false });
}

describe('JobQueue without Redis (in-process)', () => {
  let app: Awaited<ReturnType<typeof createContext>>;
  let queue: JobQueue;
  let handler: SendEmailHandler;

  beforeEach(async () => {
    app = await createContext([SendEmailHandler]);
    queue = app.get(JobQueue);
    handler = app.get(SendEmailHandler);
  });

  afterEach(() => app.close());

  it('runs the handler after enqueue returns, with a JSON copy of the payload', async () => {
    expect(queue.mode).toBe('in-process');
    await queue.enqueue(JobName.SendEmail, payload, { jobId: 'welcome-1' });
    expect(handler.calls).toHaveLength(0);

    await queue.whenIdle(5_000);

    expect(handler.calls).toEqual([{ payload, context: { jobId: 'welcome-1', attempt: 1 } }]);
    expect(handler.calls[0]?.payload).not.toBe(payload);
  });

  it('retries a failing handler with the same job id until it succeeds', async () => {
    handler.failures = 2;
    await queue.enqueue(JobName.SendEmail, payload);
    await queue.whenIdle(5_000);

    expect(handler.calls.map((call) => call.context.attempt)).toEqual([1, 2, 3]);
    expect(new Set(handler.calls.map((call) => call.context.jobId)).size).toBe(1);
  });

  it('gives up after five attempts without throwing', async () => {
    handler.failures = Number.POSITIVE_INFINITY;
    await queue.enqueue(JobName.SendEmail, payload);
    await queue.whenIdle(10_000);

    expect(handler.calls).toHaveLength(5);
  });

  it('ignores a job whose id was already enqueued', async () => {
    await queue.enqueue(JobName.SendEmail, payload, { jobId: 'welcome-2' });
    await queue.enqueue(JobName.SendEmail, payload, { jobId: 'welcome-2' });
    await queue.whenIdle(5_000);

    expect(handler.calls).toHaveLength(1);
  });

  it('rejects job ids BullMQ would refuse', async () => {
    await expect(queue.enqueue(JobName.SendEmail, payload, { jobId: '42' })).rejects.toThrow(
      'Invalid job id',
    );
    await expect(queue.enqueue(JobName.SendEmail, payload, { jobId: 'a:b' })).rejects.toThrow(
      'Invalid job id',
    );
  });

  it('whenIdle rejects when a job outlasts the timeout', async () => {
    handler.failures = 1;
    await queue.enqueue(JobName.SendEmail, payload);

    await expect(queue.whenIdle(50)).rejects.toThrow('Jobs still running after 50 ms');
    await queue.whenIdle(5_000);
  });
});

describe('JobQueue without Redis, shutting down', () => {
  it('lets queued and running jobs finish before the application closes', async () => {
    const app = await createContext([SendEmailHandler]);
    const handler = app.get(SendEmailHandler);
    handler.failures = 1;
    await app.get(JobQueue).enqueue(JobName.SendEmail, payload);

    await app.close();

    expect(handler.calls.map((call) => call.context.attempt)).toEqual([1, 2]);
    await expect(app.get(JobQueue).enqueue(JobName.SendEmail, payload)).rejects.toThrow(
      'the job queue is closed',
    );
  });
});

describe('JobsModule start-up checks', () => {
  it('refuses to start when a job has no handler', async () => {
    await expect(createContext([])).rejects.toThrow(
      'Cannot process jobs: no handler for job "send-email".',
    );
  });

  it('refuses to start when a job has two handlers', async () => {
    await expect(createContext([SendEmailHandler, OtherSendEmailHandler])).rejects.toThrow(
      'job "send-email" has 2 handlers (SendEmailHandler, OtherSendEmailHandler)',
    );
  });
});
