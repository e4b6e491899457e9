import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { AppConfigModule, loadAppConfig } from '@poscalls4u/server-config';
import { ChatRetentionModule, DatabaseModule } from '@poscalls4u/server-database';
import { IntegrationWebhooksModule } from '@poscalls4u/server-integrations';
import { JobQueue, JobsModule } from '@poscalls4u/server-jobs';
import { MailModule } from '@poscalls4u/server-mail';

import { SmtpCatcher, startSmtpCatcher } from './support/smtp-catcher';
import { TestApi, startTestApi } from './support/test-api';
import { createVerifiedUser, waitForEmail } from './support/users';

const smtpEnv = (smtp: SmtpCatcher) => ({
  EMAIL_HOST: '127.0.0.1',
  EMAIL_PORT: String(smtp.port),
  EMAIL_SECURE: 'false',
  EMAIL_USER: 'mailer',
  EMAIL_PASSWORD: 'mailer-secret',
  EMAIL_FROM: 'PosCalls4U <no-reply@poscalls4u.test>',
});

describe('welcome email through a real SMTP server (jobs in-process)', () => {
  let smtp: SmtpCatcher;
  let api: TestApi;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    api = await startTestApi('pglite', smtpEnv(smtp));
  });
  afterAll(async () => {
    await api.close();
    await smtp.close();
  });

  it('sends the welcome email with an HTML and a text part', async () => {
    await createVerifiedUser(
      api,
      { name: 'Ada <b>Lovelace</b>', email: 'ada@example.com', password: 'analytical-engine' },
      { smtp },
    );
    const mail = await waitForEmail(smtp, 'ada@example.com', /welcome/i);
    expect(mail.subject).toMatch(/welcome/i);
    expect(mail.from?.text).toContain('no-reply@poscalls4u.test');
    expect(mail.text).toContain('http://localhost:4200/agent/sign-in');
    expect(mail.html).toContain('http://localhost:4200/agent/sign-in');
    // The name is escaped in the HTML part, never injected as markup.
    expect(mail.html).not.toContain('<b>Lovelace</b>');
  });
});

const redisUrl = process.env.REDIS_URL;
const describeWithRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) process.stderr.write('Redis queue suite skipped: REDIS_URL is not set.\n');

describeWithRedis('welcome email through BullMQ on Redis and the worker (needs REDIS_URL)', () => {
  const prefix = `test-${randomBytes(6).toString('hex')}`;
  let smtp: SmtpCatcher;
  let api: TestApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    const env = { ...smtpEnv(smtp), REDIS_URL: redisUrl as string, QUEUE_PREFIX: prefix };
    api = await startTestApi(process.env.DATABASE_URL ? 'postgres' : 'pglite', env);
    // The worker process's modules, as apps/worker wires them, on the same Redis and prefix (and
    // the same database on the server; an embedded one cannot be shared, so it gets its own).
    const config = loadAppConfig({
      NODE_ENV: 'test',
      DATA_DIR: api.databaseUrl ? api.dataDir : join(api.dataDir, 'worker'),
      LOG_LEVEL: 'silent',
      ...env,
      ...(api.databaseUrl ? { DATABASE_URL: api.databaseUrl } : {}),
    });
    worker = await NestFactory.createApplicationContext(
      {
        module: class WorkerUnderTest {},
        imports: [
          AppConfigModule.forRoot(config),
          DatabaseModule.forRoot({
            url: config.database.url,
            pgliteDir: config.database.pgliteDir,
            migrationsFolder: '',
            runMigrations: false,
          }),
          MailModule,
          IntegrationWebhooksModule,
          ChatRetentionModule,
          JobsModule.forRoot({ processJobs: true }),
        ],
      },
      { logger: false },
    );
    await worker.init();
  });
  afterAll(async () => {
    await api.close();
    await worker.close();
    await smtp.close();
    const redis = new Redis(redisUrl as string);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('hands the email to the queue; the worker sends it', async () => {
    expect(worker.get(JobQueue).mode).toBe('worker');
    await createVerifiedUser(
      api,
      { name: 'Grace Hopper', email: 'grace@example.com', password: 'cobol-compiler' },
      { smtp },
    );
    const mail = await waitForEmail(smtp, 'grace@example.com', /welcome/i);
    expect(mail.subject).toMatch(/welcome/i);
  });
});
