import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

import { AppConfigModule, loadAppConfig } from '@poscalls4u/server-config';

import { HandlesJob, JobContext, JobHandler } from './job-handler';
import { JobName, SendEmailPayload } from './job-names';
import { JobQueue } from './job-queue';
import { JobsModule } from './jobs.module';

const redisUrl = process.env['REDIS_URL'];
const describeWithRedis = redisUrl ? describe : describe.skip;
// One line, not console.warn: Jest prints a stack trace after every console call.
if (!redisUrl) process.stderr.write('Skipping the BullMQ tests: REDIS_URL is not set.\n');

const queuePrefix = `test-${randomBytes(4).toString('hex')}`;
const config = loadAppConfig({
  NODE_ENV: 'test',
  JWT_SECRET: 'test-secret-'.padEnd(40, 'x'),
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: queuePrefix,
});

const payload: SendEmailPayload = {
  to: 'ana@example.test',
  subject: 'Hi',
  html: '<p>Hi</p>',
  text: 'Hi',
};

@HandlesJob(JobName.SendEmail)
@Injectable()
class SendEmailHandler implements JobHandler<JobName.SendEmail> {
  readonly calls: Array<{ payload: SendEmailPayload; context: JobContext }> = [];
  failures = 0;

  async handle(payload: SendEmailPayload, context: JobContext): Promise<void> {
    this.calls.push({ payload, context });
    if (context.attempt <= this.failures) throw new Error(`attempt ${context.attempt} fails`);
  }
}

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

function createContext(processJobs: boolean, handlers: Array<new () => unknown>) {
  @Module({
    imports: [AppConfigModule.forRoot(config), JobsModule.forRoot({ processJobs })],
    providers: [
      ...handlers,
      IgnoredWebhookHandler,
      IgnoredReportsTickHandler,
      IgnoredReportDeliveryHandler,
      IgnoredChatNotifyHandler,
      IgnoredChatRetentionHandler,
    ],
  })
  class RootModule {}
  return NestFactory.createApplicationContext(RootModule, { logger: false });
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl ?? '');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

describeWithRedis('JobQueue with Redis (BullMQ; skipped without REDIS_URL)', () => {
  let producer: Awaited<ReturnType<typeof createContext>>;
  let worker: Awaited<ReturnType<typeof createContext>>;
  let handler: SendEmailHandler;

  beforeAll(async () => {
    // The producer (the API) needs no handlers: only the processing side checks them.
    producer = await createContext(false, []);
    worker = await createContext(true, [SendEmailHandler]);
    handler = worker.get(SendEmailHandler);
  });

  afterAll(async () => {
    await producer?.close();
    await worker?.close();
    await deleteKeys(queuePrefix);
  });

  it('runs a job added by the producer in the worker', async () => {
    const queue = producer.get(JobQueue);
    expect(queue.mode).toBe('producer');
    expect(worker.get(JobQueue).mode).toBe('worker');

    await queue.enqueue(JobName.SendEmail, payload, { jobId: 'welcome-1' });
    await queue.whenIdle(10_000);

    expect(handler.calls).toEqual([
      { payload, context: { jobId: 'welcome-1', attempt: 1, signal: expect.any(AbortSignal) } },
    ]);
  });

  it('ignores a job whose id is still kept', async () => {
    const queue = producer.get(JobQueue);
    handler.calls.length = 0;

    await queue.enqueue(JobName.SendEmail, payload, { jobId: 'welcome-1' });
    await queue.whenIdle(10_000);

    expect(handler.calls).toEqual([]);
  });

  it('retries a failing job with backoff', async () => {
    const queue = producer.get(JobQueue);
    handler.calls.length = 0;
    handler.failures = 1;

    await queue.enqueue(JobName.SendEmail, payload, { jobId: 'retried' });
    await queue.whenIdle(15_000);

    expect(handler.calls.map(({ context: { jobId, attempt } }) => ({ jobId, attempt }))).toEqual([
      { jobId: 'retried', attempt: 1 },
      { jobId: 'retried', attempt: 2 },
    ]);
  });
});

describeWithRedis('JobQueue with Redis, shutting down (skipped without REDIS_URL)', () => {
  const prefix = `${queuePrefix}-shutdown`;

  afterAll(() => deleteKeys(prefix));

  it('lets the running job finish before the worker closes', async () => {
    const events: string[] = [];
    let started!: () => void;
    const jobStarted = new Promise<void>((resolve) => (started = resolve));

    @HandlesJob(JobName.SendEmail)
    @Injectable()
    class SlowHandler implements JobHandler<JobName.SendEmail> {
      async handle(): Promise<void> {
        events.push('job started');
        started();
        await new Promise((resolve) => setTimeout(resolve, 300));
        events.push('job finished');
      }
    }

    const shutdownConfig = { ...config, redis: { url: redisUrl, queuePrefix: prefix } };
    @Module({
      imports: [AppConfigModule.forRoot(shutdownConfig), JobsModule.forRoot({ processJobs: true })],
      providers: [
        SlowHandler,
        IgnoredWebhookHandler,
        IgnoredReportsTickHandler,
        IgnoredReportDeliveryHandler,
        IgnoredChatNotifyHandler,
        IgnoredChatRetentionHandler,
        IgnoredChatRetentionHandler,
      ],
    })
    class WorkerModule {}
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });

    await worker.get(JobQueue).enqueue(JobName.SendEmail, payload);
    await jobStarted;
    await worker.close();
    events.push('worker closed');

    expect(events).toEqual(['job started', 'job finished', 'worker closed']);
  });

  it('cancels a job still running at the shutdown timeout, and the next worker runs it again', async () => {
    const attempts: Array<{ attempt: number; outcome: string }> = [];
    let started!: () => void;
    const jobStarted = new Promise<void>((resolve) => (started = resolve));

    @HandlesJob(JobName.SendEmail)
    @Injectable()
    class StuckHandler implements JobHandler<JobName.SendEmail> {
      async handle(_payload: SendEmailPayload, context: JobContext): Promise<void> {
        if (context.attempt > 1) {
          attempts.push({ attempt: context.attempt, outcome: 'done' });
          return;
        }
        started();
        // Runs until the worker gives up on it; a handler honours the signal (the webhook's
        // fetch does).
        await new Promise<void>((_resolve, reject) =>
          context.signal?.addEventListener('abort', () => {
            attempts.push({ attempt: context.attempt, outcome: 'cancelled' });
            reject(new Error('cancelled'));
          }),
        );
      }
    }

    const cancelConfig = {
      ...config,
      http: { ...config.http, shutdownTimeoutMs: 1_000 },
      redis: { url: redisUrl, queuePrefix: `${prefix}-cancel` },
    };
    @Module({
      imports: [AppConfigModule.forRoot(cancelConfig), JobsModule.forRoot({ processJobs: true })],
      providers: [StuckHandler, IgnoredWebhookHandler, IgnoredChatRetentionHandler],
    })
    class CancellingWorkerModule {}
    const first = await NestFactory.createApplicationContext(CancellingWorkerModule, {
      logger: false,
    });
    await first.get(JobQueue).enqueue(JobName.SendEmail, payload, { jobId: 'stuck' });
    await jobStarted;
    const closing = Date.now();
    await first.close();
    // 80 % of the 1 s budget, then the cancellation; never the job's own (endless) time.
    expect(Date.now() - closing).toBeLessThan(3_000);
    expect(attempts).toEqual([{ attempt: 1, outcome: 'cancelled' }]);

    const second = await NestFactory.createApplicationContext(CancellingWorkerModule, {
      logger: false,
    });
    try {
      await second.get(JobQueue).whenIdle(15_000);
      expect(attempts).toEqual([
        { attempt: 1, outcome: 'cancelled' },
        { attempt: 2, outcome: 'done' },
      ]);
    } finally {
      await second.close();
      await deleteKeys(`${prefix}-cancel`);
    }
  }, 30_000);
});
