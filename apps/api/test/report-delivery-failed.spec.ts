import { sql } from 'drizzle-orm';
import { Socket } from 'socket.io-client';

import { NotificationPayload } from '@poscalls4u/contracts';
import { QUEUE_ATTEMPTS, QueueName } from '@poscalls4u/server-jobs';

import { Call, createTeam, query, signInAll, waitFor } from './support/calls';
import { connect, record, until } from './support/chat';
import { SmtpCatcher, startSmtpCatcher } from './support/smtp-catcher';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

/** Twice the waits between the reports queue's tries in-process (250 ms doubling: about 2 min). */
const ALL_TRIES_MS = 250 * 2 ** (QUEUE_ATTEMPTS[QueueName.Reports] - 1) * 2;

describe(`a scheduled report that cannot be delivered on ${kind} (real SMTP refusing on loopback)`, () => {
  let smtp: SmtpCatcher;
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  const sockets: Socket[] = [];

  const notificationsOf = async (name: string, notificationKind: string) =>
    (
      (await call('GET', '/api/notifications?pageSize=100', { token: tokens[name] })).body.data
        .items as Array<{ kind: string; level: string; title: string; body: string; link: unknown }>
    ).filter((item) => item.kind === notificationKind);

  beforeAll(async () => {
    // The API signs in with a password this server refuses: every try fails with a 535.
    smtp = await startSmtpCatcher({ user: 'mailer', pass: 'the-right-one' });
    api = await startTestApi(kind, {
      DEMO_SEED: 'true',
      EMAIL_HOST: '127.0.0.1',
      EMAIL_PORT: String(smtp.port),
      EMAIL_SECURE: 'false',
      EMAIL_USER: 'mailer',
      EMAIL_PASSWORD: 'a-wrong-smtp-secret',
    });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', 'supervisor2', 'agent1']));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api?.close();
    await smtp?.close();
  });

  it(
    'tells the owner, once and in plain words, after the last try; not before, nobody else, and not an owner who muted it',
    async () => {
      const teamId = await createTeam(call, tokens.supervisor1 as string, 'Failing reports', [
        ids.agent1 as string,
      ]);
      const socket = await connect(api.baseUrl, tokens.supervisor1 as string);
      sockets.push(socket);
      const live = record<NotificationPayload>(socket, 'notification');
      const scheduleAndSend = async (owner: string, name: string, teamIds: string[]) => {
        const created = await call('POST', '/api/workforce/report-schedules', {
          token: tokens[owner],
          body: {
            name,
            teamIds,
            kind: 'last-day',
            recipients: ['boss@example.com'],
            frequency: 'daily',
            // Twelve hours from now: the schedule's own run must not add a delivery meanwhile.
            localTime: new Date(Date.now() + 12 * 3_600_000).toISOString().slice(11, 16),
            timeZone: 'UTC',
          },
        });
        expect(created.status).toBe(201);
        const id = created.body.data.schedule.id as string;
        const sent = await call('POST', `/api/workforce/report-schedules/${id}/send-now`, {
          token: tokens[owner],
        });
        expect(sent.status).toBe(202);
        return id;
      };
      const deliveryOf = (id: string) => () =>
        query<{ status: string; attempts: number }>(
          api,
          sql`select status, attempts from report_deliveries where schedule_id = ${id}`,
        );

      // supervisor2 muted the source: their report fails the same way, at the same time, unheard.
      const muted = await call('PUT', '/api/notifications/preferences', {
        token: tokens.supervisor2,
        body: { muted: ['report_failed'] },
      });
      expect(muted.status).toBe(200);
      const otherTeamId = await createTeam(call, tokens.supervisor2 as string, 'Muted reports', []);
      const mutedScheduleId = await scheduleAndSend('supervisor2', 'Muted summary', [otherTeamId]);
      const scheduleId = await scheduleAndSend('supervisor1', 'Evening summary', [teamId]);
      const delivery = deliveryOf(scheduleId);

      // While tries remain, the delivery is pending and the owner hears nothing yet.
      await waitFor(delivery, (rows) => (rows[0]?.attempts ?? 0) >= 2, 20_000, 'two tries');
      expect((await delivery())[0]?.status).toBe('pending');
      expect(await notificationsOf('supervisor1', 'report_failed')).toEqual([]);

      await until(
        () => live.some((event) => event.notification?.kind === 'report_failed'),
        'the report failed notification',
        ALL_TRIES_MS + 60_000,
      );
      expect(await delivery()).toEqual([
        { status: 'failed', attempts: QUEUE_ATTEMPTS[QueueName.Reports] },
      ]);
      const failed = await notificationsOf('supervisor1', 'report_failed');
      expect(failed).toEqual([
        {
          ...failed[0],
          level: 'warning',
          title: 'Report failed',
          link: { scheduleId },
        },
      ]);
      expect(failed[0]?.body).toBe(
        `"Evening summary" could not be delivered after ${QUEUE_ATTEMPTS[QueueName.Reports]} tries. The mail server refused the platform's sign-in (it answered 535): an administrator should check the SMTP user and password.`,
      );
      // No secret, no raw server answer.
      expect(failed[0]?.body).not.toMatch(/a-wrong-smtp-secret|mailer|Invalid/);
      expect(await notificationsOf('supervisor1', 'report_ready')).toEqual([]);
      for (const name of ['admin', 'agent1'])
        expect(await notificationsOf(name, 'report_failed')).toEqual([]);
      // The muted owner's delivery failed for good too (it started first), and nothing was stored.
      await waitFor(
        deliveryOf(mutedScheduleId),
        (rows) => rows[0]?.status === 'failed',
        60_000,
        'the muted delivery to fail',
      );
      expect(await notificationsOf('supervisor2', 'report_failed')).toEqual([]);
      expect(smtp.messages).toEqual([]);
    },
    ALL_TRIES_MS + 120_000,
  );
});
