import { Injectable, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ParsedMail, simpleParser } from 'mailparser';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

import { AppConfigModule, loadAppConfig } from '@poscalls4u/server-config';
import { HandlesJob, JobHandler, JobName, JobQueue, JobsModule } from '@poscalls4u/server-jobs';

import { MailModule } from './mail.module';
import { MailService } from './mail.service';
import { renderEmail } from './templates/render-email';

const signInUrl = 'https://calls.example.test/agent/login';
const welcome = {
  to: 'ana@example.test',
  ...renderEmail({ kind: 'welcome', name: 'Ana', signInUrl }),
};
const baseEnv = { NODE_ENV: 'test', JWT_SECRET: 'test-secret-'.padEnd(40, 'x') };

/** Keeps every log line, to check what the service logs and what it must never log. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown) {
    this.lines.push(String(message));
  }
  error(message: unknown) {
    this.lines.push(String(message));
  }
  warn(message: unknown) {
    this.lines.push(String(message));
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

async function createContext(env: Record<string, string>, logger: LoggerService) {
  const config = loadAppConfig({ ...baseEnv, ...env });
  @Module({
    imports: [
      AppConfigModule.forRoot(config),
      JobsModule.forRoot({ processJobs: false }),
      MailModule,
    ],
    providers: [
      IgnoredWebhookHandler,
      IgnoredReportsTickHandler,
      IgnoredReportDeliveryHandler,
      IgnoredChatNotifyHandler,
      IgnoredChatRetentionHandler,
    ],
  })
  class RootModule {}
  return NestFactory.createApplicationContext(RootModule, { logger });
}

describe('MailService over SMTP', () => {
  const user = 'mailer';
  const password = 'smtp-secret-password';
  const received: ParsedMail[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === user && auth.password === password) callback(null, { user });
        else callback(new Error('Invalid username or password'));
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    received.length = 0;
  });

  function smtpEnv(smtpPassword: string) {
    return {
      EMAIL_HOST: '127.0.0.1',
      EMAIL_PORT: String(port),
      EMAIL_SECURE: 'false',
      EMAIL_USER: user,
      EMAIL_PASSWORD: smtpPassword,
      EMAIL_FROM: 'PosCalls4U <no-reply@poscalls4u.test>',
    };
  }

  it('delivers the subject, both parts and the link, authenticated', async () => {
    const logger = new CapturingLogger();
    const app = await createContext(smtpEnv(password), logger);
    const sent = await app.get(MailService).send(welcome, { idempotencyKey: 'welcome-1' });
    await app.close();

    expect(sent.transport).toBe('smtp');
    expect(received).toHaveLength(1);
    const mail = received[0] as ParsedMail;
    expect(mail.subject).toBe('Welcome to PosCalls4U');
    expect(mail.messageId).toBe(sent.messageId);
    expect(mail.from?.value).toEqual([{ name: 'PosCalls4U', address: 'no-reply@poscalls4u.test' }]);
    expect(mail.text).toContain(`Sign in: ${signInUrl}`);
    expect(mail.html).toContain(`href="${signInUrl}"`);
    expect(logger.lines.join('\n')).not.toContain(password);
  });

  it('gives every try of one job the same Message-ID', async () => {
    const app = await createContext(smtpEnv(password), new CapturingLogger());
    const first = await app.get(MailService).send(welcome, { idempotencyKey: 'job-7' });
    const second = await app.get(MailService).send(welcome, { idempotencyKey: 'job-7' });
    const other = await app.get(MailService).send(welcome, { idempotencyKey: 'job-8' });
    await app.close();

    expect(second.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
  });

  it('fails when the SMTP password is wrong', async () => {
    const app = await createContext(smtpEnv('wrong-password'), new CapturingLogger());
    await expect(app.get(MailService).send(welcome)).rejects.toThrow(
      /Invalid login|Invalid username/,
    );
    await app.close();
    expect(received).toHaveLength(0);
  });
});

describe('MailService without SMTP (outbox)', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'poscalls4u-mail-'));
  });

  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('writes one parseable .eml file per message and logs its path and links', async () => {
    const logger = new CapturingLogger();
    const app = await createContext({ DATA_DIR: dataDir }, logger);
    const sent = await app.get(MailService).send(welcome);
    await app.get(MailService).send({ ...welcome, subject: 'Second' });
    await app.close();

    const outbox = join(dataDir, 'outbox');
    const files = await readdir(outbox);
    expect(files).toHaveLength(2);
    expect(files.sort()[0]).toMatch(/^\d{8}T\d{9}Z-welcome-to-poscalls4u-[0-9a-f]{6}\.eml$/);
    expect(sent).toEqual({
      messageId: expect.any(String),
      transport: 'outbox',
      file: join(outbox, files.sort()[0] ?? ''),
    });

    const mail = await simpleParser(await readFile(sent.file ?? ''));
    expect(mail.subject).toBe('Welcome to PosCalls4U');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('ana@example.test');
    expect(mail.text).toContain(`Sign in: ${signInUrl}`);
    expect(mail.html).toContain(`href="${signInUrl}"`);

    const line = logger.lines.find((entry) => entry.includes(sent.file ?? ''));
    expect(line).toBe(
      `Email to ana@example.test "Welcome to PosCalls4U" written to ${sent.file}; links: ${signInUrl}`,
    );
  });

  it('sends the send-email job through the handler', async () => {
    const app = await createContext({ DATA_DIR: dataDir }, new CapturingLogger());
    const queue = app.get(JobQueue);
    await queue.enqueue(JobName.SendEmail, welcome, { jobId: 'welcome-ana' });
    await queue.whenIdle(5_000);
    await app.close();

    const files = await readdir(join(dataDir, 'outbox'));
    expect(files).toHaveLength(1);
  });
});
