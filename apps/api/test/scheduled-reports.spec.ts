import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';
import { QueueName } from '@poscalls4u/server-jobs';

import { ReportDeliveryService } from '../src/workforce/scheduled-reports/report-delivery.service';
import { UnsubscribeLinks } from '../src/workforce/scheduled-reports/unsubscribe-link';
import { Call, createTeam, query, signInAll, waitFor } from './support/calls';
import { SmtpCatcher, startSmtpCatcher } from './support/smtp-catcher';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

const smtpEnv = (smtp: SmtpCatcher) => ({
  EMAIL_HOST: '127.0.0.1',
  EMAIL_PORT: String(smtp.port),
  EMAIL_SECURE: 'false',
  EMAIL_USER: 'mailer',
  EMAIL_PASSWORD: 'mailer-secret',
  EMAIL_FROM: 'PosCalls4U <no-reply@poscalls4u.test>',
});

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_to: string[] | string;
  trigger: string;
}

const asArray = (value: string[] | string) =>
  Array.isArray(value) ? value : value.replace(/[{}]/g, '').split(',').filter(Boolean);

/** Two answered calls for team A's agents and one for team B's, yesterday (UTC). */
async function seedCalls(call: Call, admin: string, teamA: string, teamB: string) {
  const day = new Date(Date.now() - 86_400_000);
  const dayStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const at = (hours: number, seconds = 0) =>
    new Date(dayStart + hours * 3_600_000 + seconds * 1000).toISOString();
  const answered = (id: string, teamId: string, hour: number, agentEmail: string) => [
    { id: `${id}-q`, type: 'call.queued', callId: id, teamId, occurredAt: at(hour) },
    { id: `${id}-c`, type: 'call.connected', callId: id, agentEmail, occurredAt: at(hour, 10) },
    { id: `${id}-e`, type: 'call.ended', callId: id, occurredAt: at(hour, 70) },
  ];
  const integration = (
    await call('POST', '/api/integrations', { token: admin, body: { name: 'Schedules PBX' } })
  ).body.data.integration;
  const body = JSON.stringify([
    ...answered('sa1', teamA, 9, 'agent1@poscalls4u.test'),
    ...answered('sa2', teamA, 10, 'agent1@poscalls4u.test'),
    ...answered('sa3', teamA, 11, 'agent2@poscalls4u.test'),
    ...answered('sb1', teamB, 9, 'agent3@poscalls4u.test'),
  ]);
  const posted = await call('POST', `/api/integrations/${integration.id}/call-events`, {
    rawBody: body,
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signatureHeader(integration.secret, body),
    },
  });
  expect(posted.status).toBe(200);
}

async function wrapUpAll(api: TestApi, call: Call, tokens: Record<string, string>) {
  for (const [name, externalId] of [
    ['agent1', 'sa1'],
    ['agent1', 'sa2'],
    ['agent2', 'sa3'],
    ['agent3', 'sb1'],
  ] as const) {
    const [row] = await query<{ id: string }>(
      api,
      sql`select id from calls where external_id = ${externalId}`,
    );
    const done = await call('POST', `/api/calls/${row?.id}/wrap-up`, {
      token: tokens[name],
      body: { disposition: 'resolved' },
    });
    expect(done.status).toBe(200);
  }
}

const schedule = (
  teamIds: string[],
  recipients: string[],
  extra: Record<string, unknown> = {},
) => ({
  name: 'Daily summary',
  teamIds,
  kind: 'last-day',
  recipients,
  frequency: 'daily',
  localTime: '00:05',
  timeZone: 'UTC',
  ...extra,
});

describe(`scheduled reports on ${kind} (jobs in-process, real SMTP on loopback)`, () => {
  // Mutable: the retry test makes the server refuse the API's password, then accept it.
  const credentials = { user: 'mailer', pass: 'mailer-secret' };
  let smtp: SmtpCatcher;
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let teamA: string;
  let teamB: string;

  const as = (name: string, method: string, path: string, body?: unknown) =>
    call(method, path, { token: tokens[name], body });

  /** Makes a schedule as if created two days ago, so today's run counts (not before creation). */
  const backdate = (id: string) =>
    query(
      api,
      sql`update report_schedules set created_at = now() - interval '2 days' where id = ${id}`,
    );
  const deliveries = (scheduleId: string) =>
    query<DeliveryRow>(
      api,
      sql`select id, status, attempts, last_error, sent_to, trigger from report_deliveries
        where schedule_id = ${scheduleId} order by created_at`,
    );

  beforeAll(async () => {
    smtp = await startSmtpCatcher(credentials);
    api = await startTestApi(kind, { DEMO_SEED: 'true', ...smtpEnv(smtp) });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, [
      'admin',
      'supervisor1',
      'supervisor2',
      'agent1',
      'agent2',
      'agent3',
    ]));
    teamA = await createTeam(call, tokens.supervisor1, 'Sched A', [ids.agent1, ids.agent2]);
    teamB = await createTeam(call, tokens.supervisor2, 'Sched B', [ids.agent3]);
    await seedCalls(call, tokens.admin, teamA, teamB);
    await wrapUpAll(api, call, tokens);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('creates, lists, reads, changes and deletes a schedule (its supervisor)', async () => {
    const created = await as(
      'supervisor1',
      'POST',
      '/api/workforce/report-schedules',
      schedule([teamA], ['lead@example.com', 'LEAD@example.com', 'ops@example.com'], {
        frequency: 'weekly',
        weekday: 1,
        localTime: '07:30',
        timeZone: 'Europe/Paris',
      }),
    );
    expect(created.status).toBe(201);
    const view = created.body.data.schedule;
    expect(view).toMatchObject({
      name: 'Daily summary',
      teams: [{ id: teamA, name: 'Sched A' }],
      recipients: ['lead@example.com', 'ops@example.com'],
      frequency: 'weekly',
      weekday: 1,
      localTime: '07:30',
      timeZone: 'Europe/Paris',
      enabled: true,
      lastDeliveries: [],
    });
    // The next run is a Monday at 07:30 in Paris.
    const next = new Date(view.nextRunAt);
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        weekday: 'long',
        hour: '2-digit',
        minute: '2-digit',
      }).format(next),
    ).toBe('Monday 07:30');

    const listed = await as('supervisor1', 'GET', '/api/workforce/report-schedules');
    expect(listed.status).toBe(200);
    expect(listed.body.data.items.map((s: { id: string }) => s.id)).toContain(view.id);
    const admin = await as('admin', 'GET', `/api/workforce/report-schedules/${view.id}`);
    expect(admin.status).toBe(200);

    const changed = await as(
      'supervisor1',
      'PUT',
      `/api/workforce/report-schedules/${view.id}`,
      schedule([teamA], ['lead@example.com'], { enabled: false }),
    );
    expect(changed.status).toBe(200);
    expect(changed.body.data.schedule).toMatchObject({
      frequency: 'daily',
      weekday: null,
      enabled: false,
      nextRunAt: null,
    });

    const removed = await as('supervisor1', 'DELETE', `/api/workforce/report-schedules/${view.id}`);
    expect(removed.status).toBe(200);
    expect(
      (await as('supervisor1', 'GET', `/api/workforce/report-schedules/${view.id}`)).status,
    ).toBe(404);
  });

  it('keeps a supervisor to the teams they supervise', async () => {
    // Scheduling another supervisor's team: 404, as for every team route.
    const other = await as(
      'supervisor1',
      'POST',
      '/api/workforce/report-schedules',
      schedule([teamB], ['x@example.com']),
    );
    expect(other.status).toBe(404);
    const mixed = await as(
      'supervisor1',
      'POST',
      '/api/workforce/report-schedules',
      schedule([teamA, teamB], ['x@example.com']),
    );
    expect(mixed.status).toBe(404);
    // supervisor2's schedule is invisible to supervisor1.
    const theirs = await as(
      'supervisor2',
      'POST',
      '/api/workforce/report-schedules',
      schedule([teamB], ['b@example.com']),
    );
    expect(theirs.status).toBe(201);
    const id = theirs.body.data.schedule.id;
    for (const [method, path] of [
      ['GET', `/api/workforce/report-schedules/${id}`],
      ['PUT', `/api/workforce/report-schedules/${id}`],
      ['DELETE', `/api/workforce/report-schedules/${id}`],
      ['POST', `/api/workforce/report-schedules/${id}/send-now`],
      ['POST', `/api/workforce/report-schedules/${id}/preview`],
    ] as const) {
      const response = await as(
        'supervisor1',
        method,
        path,
        method === 'PUT' ? schedule([teamA], ['a@example.com']) : undefined,
      );
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
    const list = await as('supervisor1', 'GET', '/api/workforce/report-schedules');
    expect(list.body.data.items.map((s: { id: string }) => s.id)).not.toContain(id);
    // Agents hold no reports:schedule; anonymous callers are 401.
    expect((await as('agent1', 'GET', '/api/workforce/report-schedules')).status).toBe(403);
    expect((await call('GET', '/api/workforce/report-schedules')).status).toBe(401);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `r${i}@example.com`);
    for (const [body, field] of [
      [schedule([teamA], many), 'recipients'],
      [schedule([teamA], ['not-an-email']), 'recipients'],
      [schedule([teamA], []), 'recipients'],
      [schedule([], ['a@example.com']), 'teamIds'],
      [schedule([teamA], ['a@example.com'], { frequency: 'weekly' }), 'weekday'],
      [schedule([teamA], ['a@example.com'], { frequency: 'weekly', weekday: 8 }), 'weekday'],
      [schedule([teamA], ['a@example.com'], { timeZone: 'Mars/Olympus' }), 'timeZone'],
      [schedule([teamA], ['a@example.com'], { localTime: '24:00' }), 'localTime'],
      [schedule([teamA], ['a@example.com'], { kind: 'last-year' }), 'kind'],
    ] as const) {
      const response = await as('supervisor1', 'POST', '/api/workforce/report-schedules', body);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(JSON.stringify(response.body.error.details)).toContain(field);
    }
  });

  it('sends each period exactly once, even when the tick runs twice at once', async () => {
    const created = await as(
      'supervisor1',
      'POST',
      '/api/workforce/report-schedules',
      schedule([teamA], ['once-1@example.com', 'once-2@example.com']),
    );
    const id = created.body.data.schedule.id;
    await backdate(id);
    const ticker = api.app.get(ReportDeliveryService);
    const now = new Date();
    const [first, second] = await Promise.all([ticker.tick(now), ticker.tick(now)]);
    const claimedHere = [...first, ...second];
    expect(claimedHere).toHaveLength(1);
    const rows = await deliveries(id);
    expect(rows).toHaveLength(1);
    expect(claimedHere).toContain(rows[0]?.id);
    await api.settle();
    expect(await ticker.tick(new Date())).not.toContain(rows[0]?.id);

    const [row] = await deliveries(id);
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      last_error: null,
      trigger: 'schedule',
    });
    expect(asArray(row?.sent_to ?? []).sort()).toEqual([
      'once-1@example.com',
      'once-2@example.com',
    ]);
    for (const to of ['once-1@example.com', 'once-2@example.com']) {
      const mails = smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(to));
      expect(mails).toHaveLength(1);
      const mail = mails[0];
      expect(mail?.subject).toMatch(/^Daily summary: \d{4}-\d{2}-\d{2} \(UTC\)$/);
      expect(mail?.text).toContain('Sched A: ');
      expect(mail?.text).toContain('/api/workforce/report-schedules/unsubscribe?schedule=');
      const csv = mail?.attachments.find((file) => file.contentType.startsWith('text/csv'));
      expect(csv?.filename).toMatch(/^report-\d{4}-\d{2}-\d{2}\.csv$/);
      const lines = csv?.content.toString('utf8').trim().split('\n') ?? [];
      expect(lines[0]).toContain('team,offered,answered,handled');
      expect(lines[1]).toContain(`${teamA},Sched A,`);
      expect(lines[2]).toContain(',All,');
    }
    // Yesterday's three calls of team A are in the report (the run at 00:05 today covers it;
    // just after midnight the latest run is yesterday's, covering the day before: no calls).
    const today00 = new Date();
    today00.setUTCHours(0, 5, 0, 0);
    if (Date.now() >= today00.getTime()) {
      const mail = smtp.messages.find((m) => JSON.stringify(m.to).includes('once-1@example.com'));
      expect(mail?.text).toMatch(/Sched A: 3 offered, 3 answered, 3 handled/);
    }

    // The schedule's view shows the delivery.
    const view = await as('supervisor1', 'GET', `/api/workforce/report-schedules/${id}`);
    expect(view.body.data.schedule.lastDeliveries).toMatchObject([
      { status: 'sent', trigger: 'schedule', sentTo: expect.any(Array) },
    ]);
  });

  it('retries after the SMTP server refuses, with backoff, and records the attempts', async () => {
    const created = await as(
      'supervisor1',
      'POST',
      '/api/workforce/report-schedules',
      schedule([teamA], ['retry@example.com'], { localTime: '00:00' }),
    );
    const id = created.body.data.schedule.id;
    await backdate(id);
    credentials.pass = 'something-else';
    try {
      await api.app.get(ReportDeliveryService).tick(new Date());
      const failing = await waitFor(
        () => deliveries(id),
        (rows) => (rows[0]?.attempts ?? 0) >= 2,
        20_000,
        'two failed attempts',
      );
      expect(failing[0]).toMatchObject({ status: 'pending' });
      expect(failing[0]?.last_error).toMatch(/auth|535|Invalid/i);
    } finally {
      credentials.pass = 'mailer-secret';
    }
    await api.settle();
    const [row] = await deliveries(id);
    expect(row?.status).toBe('sent');
    expect(row?.attempts).toBeGreaterThanOrEqual(3);
    expect(row?.last_error).toBeNull();
    expect(
      smtp.messages.filter((mail) => JSON.stringify(mail.to).includes('retry@example.com')),
    ).toHaveLength(1);
  });

  it('previews without sending and sends now as a manual delivery', async () => {
    const created = await as(
      'supervisor1',
      'POST',
      '/api/workforce/report-schedules',
      schedule([teamA], ['now@example.com']),
    );
    const id = created.body.data.schedule.id;
    const preview = await as(
      'supervisor1',
      'POST',
      `/api/workforce/report-schedules/${id}/preview`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body.data.preview).toMatchObject({
      rows: [{ teamId: teamA, teamName: 'Sched A' }],
      subject: expect.stringMatching(/^Daily summary: /),
    });
    expect(preview.body.data.preview.csv).toContain('Sched A');
    expect(smtp.messages.some((mail) => JSON.stringify(mail.to).includes('now@example.com'))).toBe(
      false,
    );

    const sent = await as('supervisor1', 'POST', `/api/workforce/report-schedules/${id}/send-now`);
    expect(sent.status).toBe(202);
    expect(sent.body.data.delivery).toMatchObject({ trigger: 'manual', status: 'pending' });
    await smtp.waitFor('now@example.com');
    await api.settle();
    const [row] = await deliveries(id);
    expect(row).toMatchObject({ trigger: 'manual', status: 'sent' });
  });

  it('unsubscribes a recipient through the signed link; a tampered link is refused', async () => {
    const created = await as(
      'supervisor1',
      'POST',
      '/api/workforce/report-schedules',
      schedule([teamA], ['stay@example.com', 'leave@example.com']),
    );
    const id = created.body.data.schedule.id;
    const sent = await as('supervisor1', 'POST', `/api/workforce/report-schedules/${id}/send-now`);
    expect(sent.status).toBe(202);
    const mail = await smtp.waitFor('leave@example.com');
    const link = mail.text?.match(/https?:\/\/\S+unsubscribe\?\S+/)?.[0];
    expect(link).toBeDefined();
    const url = new URL(link as string);
    expect(url.searchParams.get('email')).toBe('leave@example.com');
    const path = `${url.pathname}${url.search}`;

    const page = await fetch(`${api.baseUrl}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');

    // Tampered: another address with the same signature, or a changed signature.
    const other = new URL(url);
    other.searchParams.set('email', 'stay@example.com');
    // A browser gets a page; any other client the error envelope.
    const forged = await fetch(`${api.baseUrl}${other.pathname}${other.search}`, {
      method: 'POST',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('<h1>Link not valid</h1>');
    const scripted = await fetch(`${api.baseUrl}${other.pathname}${other.search}`, {
      method: 'POST',
    });
    expect(scripted.status).toBe(400);
    const envelope = (await scripted.json()) as { error: { code: string; message: string } };
    expect(envelope.error.code).toBe('VALIDATION_ERROR');
    expect(envelope.error.message).toContain('not valid');
    const bent = new URL(url);
    bent.searchParams.set('sig', `${url.searchParams.get('sig')?.slice(0, -2)}xx`);
    expect(
      (await fetch(`${api.baseUrl}${bent.pathname}${bent.search}`, { method: 'POST' })).status,
    ).toBe(400);

    // As the page's form posts it: an empty form body.
    const done = await fetch(`${api.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('will not receive this scheduled report');
    const view = await as('supervisor1', 'GET', `/api/workforce/report-schedules/${id}`);
    expect(view.body.data.schedule.recipients).toEqual(['stay@example.com']);

    // The same answer again, and for a schedule that does not exist: nothing to learn from it.
    const again = await fetch(`${api.baseUrl}${path}`, { method: 'POST' });
    expect(again.status).toBe(200);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const links = api.app.get(UnsubscribeLinks);
    const ghost = new URL(links.url(unknown, 'leave@example.com'));
    const ghostAnswer = await fetch(`${api.baseUrl}${ghost.pathname}${ghost.search}`, {
      method: 'POST',
    });
    expect(ghostAnswer.status).toBe(200);
    expect(await ghostAnswer.text()).toBe(await again.text());
  });
});

const redisUrl = process.env.REDIS_URL;
const describeWithRedis = redisUrl && process.env.DATABASE_URL ? describe : describe.skip;
if (!redisUrl) process.stderr.write('Scheduled reports on BullMQ skipped: REDIS_URL is not set.\n');

describeWithRedis('scheduled reports on BullMQ (Redis) across two API instances', () => {
  const prefix = `test-${randomBytes(6).toString('hex')}`;
  let smtp: SmtpCatcher;
  let first: TestApi;
  let second: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    const env = {
      DEMO_SEED: 'true',
      ...smtpEnv(smtp),
      REDIS_URL: redisUrl as string,
      QUEUE_PREFIX: prefix,
    };
    first = await startTestApi('postgres', env);
    second = await startTestApi('postgres', env, { shareDatabaseOf: first });
    call = apiClient(first.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['supervisor1', 'agent1']));
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await smtp?.close();
    const redis = new Redis(redisUrl as string);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('registers one repeatable tick for all instances', async () => {
    const queue = new Queue(QueueName.Reports, { connection: { url: redisUrl }, prefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toEqual(['scheduled-reports-tick']);
      expect(schedulers[0]?.every).toBe(60_000);
    } finally {
      await queue.close();
    }
  });

  it('delivers once when both instances tick at the same time', async () => {
    const teamId = await createTeam(call, tokens.supervisor1, 'Redis A', [ids.agent1]);
    const created = await call('POST', '/api/workforce/report-schedules', {
      token: tokens.supervisor1,
      body: schedule([teamId], ['bull-1@example.com', 'bull-2@example.com']),
    });
    expect(created.status).toBe(201);
    const id = created.body.data.schedule.id;
    await query(
      first,
      sql`update report_schedules set created_at = now() - interval '2 days' where id = ${id}`,
    );
    const now = new Date();
    const claimed = await Promise.all([
      first.app.get(ReportDeliveryService).tick(now),
      second.app.get(ReportDeliveryService).tick(now),
      first.app.get(ReportDeliveryService).tick(now),
    ]);
    expect(claimed.flat()).toHaveLength(1);
    await smtp.waitFor('bull-1@example.com');
    await smtp.waitFor('bull-2@example.com');
    await first.settle();
    const rows = await query<DeliveryRow>(
      first,
      sql`select id, status, attempts, last_error, sent_to, trigger from report_deliveries
        where schedule_id = ${id}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smtp.messages.filter((m) => JSON.stringify(m.to).includes('bull-'))).toHaveLength(2);
  });
});
