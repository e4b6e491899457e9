import { INestApplicationContext, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { ParsedMail, simpleParser } from 'mailparser';
import { randomBytes } from 'node:crypto';
import { AddressInfo, createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

import { AppConfigModule } from '@poscalls4u/server-config';
import { HandlesJob, JobHandler, JobName, JobQueue, JobsModule } from '@poscalls4u/server-jobs';
import { renderEmail } from '@poscalls4u/server-mail';

import { loadWorkerConfig } from './worker-config';
import { WorkerModule } from './worker.module';

const redisUrl = process.env['REDIS_URL'];
// The worker also needs the PostgreSQL server (the webhook job reads integrations).
const databaseUrl = process.env['DATABASE_URL'];
const describeWithRedis = redisUrl && databaseUrl ? describe : describe.skip;
// One line, not console.warn: Jest prints a stack trace after every console call.
if (!redisUrl || !databaseUrl) {
  process.stderr.write('Skipping the worker tests: REDIS_URL or DATABASE_URL is not set.\n');
}

/** The API runs the reports queue; its handlers live in the API and are not under test here. */
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

describeWithRedis('worker (skipped without REDIS_URL and DATABASE_URL)', () => {
  const queuePrefix = `test-${randomBytes(4).toString('hex')}`;
  const received: ParsedMail[] = [];
  let smtp: SMTPServer;
  let api: INestApplicationContext;
  let worker: INestApplicationContext;
  let metricsPort: number;
  const metricsToken = randomBytes(16).toString('hex');

  beforeAll(async () => {
    metricsPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;

    const config = loadWorkerConfig({
      NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-'.padEnd(40, 'x'),
      REDIS_URL: redisUrl,
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: queuePrefix,
      EMAIL_HOST: '127.0.0.1',
      EMAIL_PORT: String(port),
      EMAIL_SECURE: 'false',
      LOG_LEVEL: 'silent',
      LOG_FORMAT: 'json',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: metricsToken,
    });

    // The API side: adds jobs to Redis and runs only the API's own queue (reports).
    @Module({
      imports: [AppConfigModule.forRoot(config), JobsModule.forRoot({ processJobs: false })],
      providers: [
        IgnoredReportsTickHandler,
        IgnoredReportDeliveryHandler,
        IgnoredChatNotifyHandler,
      ],
    })
    class ApiModule {}
    api = await NestFactory.createApplicationContext(ApiModule, { logger: false });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
      logger: false,
    });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    const redis = new Redis(redisUrl ?? '');
    const keys = await redis.keys(`${queuePrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('sends an email enqueued by the API', async () => {
    const signInUrl = 'https://calls.example.test/agent/login';
    const email = renderEmail({ kind: 'welcome', name: 'Ana', signInUrl });
    const queue = api.get(JobQueue);

    await queue.enqueue(
      JobName.SendEmail,
      { to: 'ana@example.test', ...email },
      { jobId: 'welcome-ana' },
    );
    await queue.whenIdle(10_000);

    expect(received).toHaveLength(1);
    const mail = received[0] as ParsedMail;
    expect(mail.subject).toBe('Welcome to PosCalls4U');
    expect(mail.text).toContain(`Sign in: ${signInUrl}`);
    expect(mail.html).toContain(`href="${signInUrl}"`);
  });

  it('serves its job metrics to Prometheus on METRICS_PORT, with the token', async () => {
    const url = `http://127.0.0.1:${String(metricsPort)}/metrics`;
    expect((await fetch(url)).status).toBe(401);

    const answer = await fetch(url, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(answer.status).toBe(200);
    const text = await answer.text();
    // The email of the test above: one completed attempt, timed.
    expect(text).toMatch(
      /poscalls_jobs_finished_total\{queue="email",job="send-email",outcome="completed"\} 1\n/,
    );
    expect(text).toMatch(
      /poscalls_job_duration_seconds_count\{queue="email",job="send-email",outcome="completed"\} 1\n/,
    );
    // Every queue's depth, read from Redis: nothing waits once the worker is idle.
    for (const queue of ['email', 'webhooks', 'reports', 'maintenance', 'notifications'])
      expect(text).toContain(`poscalls_queue_jobs{queue="${queue}",state="waiting"} 0`);
    expect(text).toContain('poscalls_worker_process_resident_memory_bytes');
  });
});

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
