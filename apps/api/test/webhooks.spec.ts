import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

import { SIGNATURE_HEADER, WebhookAction } from '@poscalls4u/contracts';
import { AppConfigModule, loadAppConfig } from '@poscalls4u/server-config';
import { ChatRetentionModule, DatabaseModule } from '@poscalls4u/server-database';
import {
  DeliverWebhookJobHandler,
  IntegrationWebhooksModule,
  signatureHeader,
  verifySignature,
} from '@poscalls4u/server-integrations';
import { JobsModule } from '@poscalls4u/server-jobs';
import { MailModule } from '@poscalls4u/server-mail';

import { TestApi, apiClient, startTestApi } from './support/test-api';

const PASSWORD = 'poscalls4u-demo';
// The API and the worker must share it: it encrypts the integration secrets.
const MFA_ENCRYPTION_KEY = 'webhooks-test-key-'.padEnd(48, 'k');

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * The PBX's webhook endpoint on loopback: records every request and answers 503 to the first
 * `failures` deliveries of each action (by action id), 204 afterwards.
 */
async function startPbxWebhook(failures: number) {
  const deliveries: Delivery[] = [];
  const attempts = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const actionId = (JSON.parse(body) as WebhookAction).id;
      const attempt = (attempts.get(actionId) ?? 0) + 1;
      attempts.set(actionId, attempt);
      const status = attempt <= failures ? 503 : 204;
      deliveries.push({ headers: request.headers, body, status });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/poscalls4u/webhook`,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * An agent answers a call the PBX queued: the answer reaches the PBX's webhook, signed, after
 * the webhook failed `failures` times.
 */
async function agentAnswerReachesThePbx(api: TestApi, failures: number): Promise<void> {
  const pbx = await startPbxWebhook(failures);
  try {
    const call = apiClient(api.baseUrl);
    const tokens: Record<string, string> = {};
    const ids: Record<string, string> = {};
    for (const name of ['admin', 'agent1']) {
      const response = await call('POST', '/api/auth/login', {
        body: { email: `${name}@poscalls4u.test`, password: PASSWORD },
      });
      tokens[name] = response.body.data.token;
      ids[name] = response.body.data.user.id;
    }
    const team = await call('POST', '/api/teams', {
      token: tokens.admin,
      body: { name: `Webhook Team ${randomUUID().slice(0, 8)}` },
    });
    const teamId = team.body.data.team.id;
    await call('POST', `/api/teams/${teamId}/members`, {
      token: tokens.admin,
      body: { userId: ids.agent1, role: 'agent' },
    });
    const created = await call('POST', '/api/integrations', {
      token: tokens.admin,
      body: { name: 'Webhook PBX', webhookUrl: pbx.url },
    });
    expect(created.status).toBe(201);
    const integration = created.body.data.integration;

    const available = await call('PUT', '/api/presence/me', {
      token: tokens.agent1,
      body: { status: 'available' },
    });
    expect(available.status).toBe(200);

    // The PBX queues a call; the ACD offers it to the only available agent of the team.
    const externalId = `pbx-${randomUUID()}`;
    const event = JSON.stringify({
      id: `${externalId}-queued`,
      type: 'call.queued',
      occurredAt: new Date().toISOString(),
      callId: externalId,
      teamId,
      from: '+15550100',
      to: '+15550199',
    });
    // The request ids of the PBX's event and of the agent's answer follow them into the
    // webhooks they cause, through the outbox, the queue and the worker.
    const pbxRequestId = `pbx-req-${randomUUID()}`;
    const answerRequestId = `answer-req-${randomUUID()}`;
    const ingested = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: event,
      headers: {
        'content-type': 'application/json',
        'x-request-id': pbxRequestId,
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, event),
      },
    });
    expect(ingested.status).toBe(200);
    const callId = ingested.body.data.results[0].callId;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const current = await call('GET', `/api/calls/${callId}`, { token: tokens.agent1 });
      if (current.body.data?.call?.state === 'offered') break;
      if (Date.now() > deadline)
        throw new Error(`call not offered: ${JSON.stringify(current.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const answered = await call('POST', `/api/calls/${callId}/answer`, {
      token: tokens.agent1,
      headers: { 'x-request-id': answerRequestId },
    });
    expect([200, 201]).toContain(answered.status);
    await api.settle();

    const answers = pbx.deliveries.filter(
      (delivery) => (JSON.parse(delivery.body) as WebhookAction).type === 'agent.answer',
    );
    // Failed `failures` times, then delivered; every try the same action, freshly signed.
    expect(answers.map((delivery) => delivery.status)).toEqual([
      ...Array<number>(failures).fill(503),
      204,
    ]);
    expect(new Set(answers.map((delivery) => delivery.body)).size).toBe(1);
    for (const delivery of answers) expect(delivery.headers['x-request-id']).toBe(answerRequestId);
    const offers = pbx.deliveries.filter(
      (delivery) => (JSON.parse(delivery.body) as WebhookAction).type === 'call.offered',
    );
    expect(offers.length).toBeGreaterThan(0);
    for (const delivery of offers) expect(delivery.headers['x-request-id']).toBe(pbxRequestId);
    for (const delivery of answers) {
      expect(delivery.headers['content-type']).toBe('application/json');
      const header = delivery.headers[SIGNATURE_HEADER] as string;
      expect(verifySignature(header, integration.secret, delivery.body)).toBe('valid');
      expect(verifySignature(header, 'f'.repeat(64), delivery.body)).toBe('mismatch');
    }
    const action = JSON.parse(answers[0]?.body ?? '{}') as WebhookAction;
    expect(action).toMatchObject({
      id: expect.any(String),
      type: 'agent.answer',
      callId,
      externalId,
      agent: { id: ids.agent1, email: 'agent1@poscalls4u.test' },
    });
  } finally {
    await pbx.close();
  }
}

describe('webhook actions without Redis (jobs in the API process)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('pglite', { DEMO_SEED: 'true', MFA_ENCRYPTION_KEY });
  });
  afterAll(() => api?.close());

  it('delivers an agent answer to the PBX, signed, retrying after failures', async () => {
    await agentAnswerReachesThePbx(api, 2);
  });

  it('drops an action for an integration without a webhook URL, inactive or gone', async () => {
    const call = apiClient(api.baseUrl);
    const login = await call('POST', '/api/auth/login', {
      body: { email: 'admin@poscalls4u.test', password: PASSWORD },
    });
    const token = login.body.data.token;
    const eventsOnly = await call('POST', '/api/integrations', {
      token,
      body: { name: 'Events only' },
    });
    const inactive = await call('POST', '/api/integrations', {
      token,
      body: { name: 'Inactive', webhookUrl: 'http://127.0.0.1:9/unreachable' },
    });
    await call('DELETE', `/api/integrations/${inactive.body.data.integration.id}`, { token });
    const handler = api.app.get(DeliverWebhookJobHandler);
    const action: WebhookAction = {
      id: randomUUID(),
      type: 'agent.hangup',
      occurredAt: new Date().toISOString(),
      callId: randomUUID(),
      externalId: 'x',
      agent: null,
    };
    // Resolves (the job is done, not retried): nothing could make these deliveries succeed.
    for (const integrationId of [
      eventsOnly.body.data.integration.id,
      inactive.body.data.integration.id,
      randomUUID(),
    ]) {
      await expect(
        handler.handle({ integrationId, action }, { jobId: 'drop-test', attempt: 1 }),
      ).resolves.toBeUndefined();
    }
  });

  it('records each delivery, lists it for the admin and sends a failed one again', async () => {
    const pbx = await startPbxWebhook(2);
    try {
      const call = apiClient(api.baseUrl);
      const login = await call('POST', '/api/auth/login', {
        body: { email: 'admin@poscalls4u.test', password: PASSWORD },
      });
      const token = login.body.data.token;
      const created = await call('POST', '/api/integrations', {
        token,
        body: { name: 'Recorded PBX', webhookUrl: pbx.url },
      });
      const integrationId = created.body.data.integration.id;
      const handler = api.app.get(DeliverWebhookJobHandler);
      const action: WebhookAction = {
        id: randomUUID(),
        type: 'agent.hold',
        occurredAt: new Date().toISOString(),
        callId: randomUUID(),
        externalId: 'pbx-1',
        agent: null,
      };
      const list = () => call('GET', `/api/integrations/${integrationId}/deliveries`, { token });

      // The first try fails (503): recorded as retrying.
      await expect(
        handler.handle({ integrationId, action }, { jobId: 'record-test', attempt: 1 }),
      ).rejects.toThrow('answered 503');
      const first = await list();
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({ total: 1, page: 1 });
      expect(first.body.data.items[0]).toMatchObject({
        integrationId,
        actionId: action.id,
        command: 'agent.hold',
        callId: action.callId,
        status: 'retrying',
        attempts: 1,
        lastError: 'answered 503',
        responseCode: 503,
        lastAttemptAt: expect.any(String),
      });
      const deliveryId = first.body.data.items[0].id as string;

      // A retry while the queue still tries is refused.
      const early = await call(
        'POST',
        `/api/integrations/${integrationId}/deliveries/${deliveryId}/retry`,
        { token },
      );
      expect(early.status).toBe(409);

      // The last try fails too: failed.
      await expect(
        handler.handle({ integrationId, action }, { jobId: 'record-test', attempt: 12 }),
      ).rejects.toThrow('answered 503');
      expect((await list()).body.data.items[0]).toMatchObject({ status: 'failed', attempts: 2 });

      // The admin sends it again: queued, then delivered (the PBX answers 204 now).
      const retried = await call(
        'POST',
        `/api/integrations/${integrationId}/deliveries/${deliveryId}/retry`,
        { token },
      );
      expect(retried.status).toBe(200);
      expect(retried.body.data.delivery).toMatchObject({ id: deliveryId, status: 'pending' });
      await api.settle();
      expect((await list()).body.data.items[0]).toMatchObject({
        status: 'delivered',
        attempts: 3,
        responseCode: 204,
      });
      const sent = pbx.deliveries.map((delivery) => JSON.parse(delivery.body) as WebhookAction);
      expect(sent.map((body) => body.id)).toEqual([action.id, action.id, action.id]);

      // No answer at all is recorded in words; unknown ids and non-admins are refused.
      const unreachable = await call('POST', '/api/integrations', {
        token,
        body: { name: 'Unreachable PBX', webhookUrl: 'http://127.0.0.1:9/webhook' },
      });
      const unreachableId = unreachable.body.data.integration.id;
      await expect(
        handler.handle(
          { integrationId: unreachableId, action: { ...action, id: randomUUID() } },
          { jobId: 'refused', attempt: 1 },
        ),
      ).rejects.toThrow();
      const refused = await call('GET', `/api/integrations/${unreachableId}/deliveries`, {
        token,
      });
      expect(refused.body.data.items[0]).toMatchObject({
        status: 'retrying',
        responseCode: null,
        lastError: expect.stringMatching(/^connection failed/),
      });
      expect(
        (
          await call(
            'POST',
            `/api/integrations/${integrationId}/deliveries/${randomUUID()}/retry`,
            { token },
          )
        ).status,
      ).toBe(404);
      const agent = await call('POST', '/api/auth/login', {
        body: { email: 'agent1@poscalls4u.test', password: PASSWORD },
      });
      expect(
        (
          await call('GET', `/api/integrations/${integrationId}/deliveries`, {
            token: agent.body.data.token,
          })
        ).status,
      ).toBe(403);
    } finally {
      await pbx.close();
    }
  });
});

const redisUrl = process.env.REDIS_URL;
const databaseUrl = process.env.DATABASE_URL;
const describeWithRedis = redisUrl && databaseUrl ? describe : describe.skip;
if (!redisUrl || !databaseUrl) {
  process.stderr.write('Webhooks through BullMQ skipped: REDIS_URL or DATABASE_URL is not set.\n');
}

describeWithRedis(
  'webhook actions through BullMQ and the worker (needs Redis and PostgreSQL)',
  () => {
    const prefix = `test-${randomBytes(6).toString('hex')}`;
    let api: TestApi;
    let worker: INestApplicationContext;

    beforeAll(async () => {
      const env = { REDIS_URL: redisUrl as string, QUEUE_PREFIX: prefix, MFA_ENCRYPTION_KEY };
      api = await startTestApi('postgres', { DEMO_SEED: 'true', ...env });
      // The worker process's modules, as apps/worker wires them, on the API's database and Redis.
      const config = loadAppConfig({
        NODE_ENV: 'test',
        DATA_DIR: api.dataDir,
        LOG_LEVEL: 'silent',
        JWT_SECRET: api.jwtSecret,
        DATABASE_URL: api.databaseUrl,
        ...env,
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
    });
    afterAll(async () => {
      await worker?.close();
      await api?.close();
      const redis = new Redis(redisUrl as string);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });

    it('delivers an agent answer to the PBX, signed, retried by the worker after a failure', async () => {
      await agentAnswerReachesThePbx(api, 1);
    });
  },
);
