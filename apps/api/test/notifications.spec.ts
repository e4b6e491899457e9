import { Socket, io } from 'socket.io-client';

import { NotificationPayload } from '@poscalls4u/contracts';

import { NotificationsRepository } from '../src/notifications/notifications.repository';
import { NOTIFICATIONS_KEPT_PER_USER } from '../src/notifications/notifications.service';
import { DomainEvents } from '../src/platform/events';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const PASSWORD = 'poscalls4u-demo';

function connect(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Every stored notification a socket hears (those carrying `notification`). */
function heard(socket: Socket): NotificationPayload[] {
  const events: NotificationPayload[] = [];
  socket.on('notification', (payload: NotificationPayload) => {
    if (payload.notification) events.push(payload);
  });
  return events;
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(DATABASES)('notification centre on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const sockets: Socket[] = [];
  let teamId: string;

  async function signIn(name: string): Promise<void> {
    const response = await call('POST', '/api/auth/login', {
      body: { email: `${name}@poscalls4u.test`, password: PASSWORD },
    });
    expect(response.status).toBe(200);
    tokens[name] = response.body.data.token;
    ids[name] = response.body.data.user.id;
  }

  async function list(name: string, query = '') {
    const response = await call('GET', `/api/notifications${query}`, { token: tokens[name] });
    expect(response.status).toBe(200);
    return response.body.data;
  }

  /**
   * A listing once it holds `count` items: a notification is stored by a domain event's handler
   * just after the change that caused it commits, so a list sent at once may come a moment early.
   */
  async function listWhen(name: string, query: string, count: number) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const page = await list(name, query);
      if (page.items.length >= count || Date.now() > deadline) return page;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    for (const name of ['admin', 'supervisor1', 'agent1', 'agent2', 'agent3']) await signIn(name);
    const created = await call('POST', '/api/teams', {
      token: tokens.supervisor1,
      body: { name: 'Notified Team', maxMembers: 10 },
    });
    expect(created.status).toBe(201);
    teamId = created.body.data.team.id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api.close();
  });

  it('stores "added to a team" for that user only and delivers it live with its id', async () => {
    const agent1 = await connect(api.baseUrl, tokens.agent1 as string);
    const agent2 = await connect(api.baseUrl, tokens.agent2 as string);
    sockets.push(agent1, agent2);
    const live1 = heard(agent1);
    const live2 = heard(agent2);

    const added = await call('POST', `/api/teams/${teamId}/members`, {
      token: tokens.supervisor1,
      body: { userId: ids.agent1, role: 'agent' },
    });
    expect(added.status).toBe(201);
    await until(() => live1.length === 1, 'the live notification');

    const page = await list('agent1');
    expect(page.unreadCount).toBe(1);
    expect(page.items).toEqual([
      expect.objectContaining({
        kind: 'team_added',
        title: 'Added to a team',
        body: 'You are now a member of Notified Team.',
        link: { teamId },
        readAt: null,
      }),
    ]);
    expect(live1[0]?.id).toBe(page.items[0].id);
    expect(live1[0]?.notification).toEqual(page.items[0]);
    expect(live2).toHaveLength(0);
    expect((await list('agent2')).total).toBe(0);
  });

  it('stores a KPI alert for each of the team members and the admins, once each', async () => {
    const admin = await connect(api.baseUrl, tokens.admin as string);
    sockets.push(admin);
    const liveAdmin = heard(admin);
    api.app.get(DomainEvents).publish('alert.raised', {
      alertId: `long_wait:${teamId}:call-1`,
      teamId,
      level: 'warning',
      title: 'Call waiting too long',
      message: 'Notified Team: a call from +15550100 has waited over 60 s',
    });
    await until(() => liveAdmin.length === 1, 'the admin notification');
    for (const name of ['admin', 'supervisor1', 'agent1']) {
      const alerts = (await list(name)).items.filter(
        (item: { kind: string }) => item.kind === 'kpi_alert',
      );
      expect(alerts).toEqual([
        expect.objectContaining({
          level: 'warning',
          title: 'Call waiting too long',
          link: { teamId, alertId: `long_wait:${teamId}:call-1` },
        }),
      ]);
    }
    expect((await list('agent2')).total).toBe(0);
  });

  it('pages newest first by cursor, filters unread, marks one and all read', async () => {
    const first = await list('agent1', '?pageSize=1');
    expect(first.total).toBe(2);
    expect(first.items[0].kind).toBe('kpi_alert');
    const second = await list('agent1', `?pageSize=1&cursor=${first.nextCursor}`);
    expect(second.items[0].kind).toBe('team_added');
    expect(second.nextCursor).toBeNull();

    const read = await call('POST', `/api/notifications/${second.items[0].id}/read`, {
      token: tokens.agent1,
    });
    expect(read.status).toBe(200);
    expect(read.body.data.notification.readAt).not.toBeNull();
    const unread = await list('agent1', '?unread=true');
    expect(unread.items.map((item: { kind: string }) => item.kind)).toEqual(['kpi_alert']);
    expect(unread.unreadCount).toBe(1);

    const all = await call('POST', '/api/notifications/read-all', { token: tokens.agent1 });
    expect(all.status).toBe(200);
    expect(all.body.data).toEqual({ marked: 1, unreadCount: 0 });
    expect((await list('agent1', '?unread=true')).total).toBe(0);
    expect((await list('agent1')).total).toBe(2);
  });

  it("answers 404 for another user's notification and 400 for a bad id or cursor", async () => {
    const mine = (await list('agent1')).items[0];
    const other = await call('POST', `/api/notifications/${mine.id}/read`, {
      token: tokens.agent2,
    });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    expect(
      (await call('POST', '/api/notifications/nope/read', { token: tokens.agent2 })).status,
    ).toBe(400);
    expect(
      (await call('GET', '/api/notifications?cursor=abc', { token: tokens.agent2 })).status,
    ).toBe(400);
    expect(
      (await call('GET', '/api/notifications?unread=maybe', { token: tokens.agent2 })).status,
    ).toBe(400);
  });

  it('lets a client catch up after a reconnect by listing', async () => {
    const before = await connect(api.baseUrl, tokens.agent1 as string);
    before.disconnect();
    const removed = await call('DELETE', `/api/teams/${teamId}/members/${ids.agent1}`, {
      token: tokens.supervisor1,
    });
    expect(removed.status).toBe(200);
    const again = await connect(api.baseUrl, tokens.agent1 as string);
    sockets.push(again);
    const page = await listWhen('agent1', '?unread=true', 1);
    expect(page.items).toEqual([
      expect.objectContaining({
        kind: 'team_removed',
        body: 'You are no longer a member of Notified Team.',
      }),
    ]);
    expect(page.unreadCount).toBe(1);
  });

  it('tells a user their role changed', async () => {
    const changed = await call('PATCH', `/api/users/${ids.agent3}`, {
      token: tokens.admin,
      body: { role: 'supervisor' },
    });
    expect(changed.status).toBe(200);
    await signIn('agent3'); // a role change ends the user's sessions
    let page = await list('agent3');
    const deadline = Date.now() + 5_000;
    while (page.total === 0 && Date.now() < deadline) page = await list('agent3');
    expect(page.items).toEqual([
      expect.objectContaining({
        kind: 'role_changed',
        body: 'Your role is now supervisor (it was agent).',
      }),
    ]);
  });

  describe('a new sign-in to your account', () => {
    const signInWith = (name: string, userAgent: string) =>
      call('POST', '/api/auth/login', {
        body: { email: `${name}@poscalls4u.test`, password: PASSWORD },
        headers: { 'user-agent': userAgent },
      });
    const signIns = async (name: string) =>
      (await list(name)).items.filter((item: { kind: string }) => item.kind === 'new_sign_in');

    it('tells the owner, live, when a browser the account never used signs in; once', async () => {
      // agent4's first sign-in ever is no news to them.
      const first = await signInWith('agent4', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0');
      expect(first.status).toBe(200);
      tokens.agent4 = first.body.data.token;
      const socket = await connect(api.baseUrl, tokens.agent4 as string);
      sockets.push(socket);
      const live = heard(socket);
      // The same browser again: known.
      expect(
        (await signInWith('agent4', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0')).status,
      ).toBe(200);
      // Another browser: news, to agent4 only.
      const other = await signInWith('agent4', 'Mozilla/5.0 (Windows NT 10.0) Firefox/145.0');
      expect(other.status).toBe(200);
      await until(() => live.length === 1, 'the sign-in notification');
      const stored = await signIns('agent4');
      expect(stored).toEqual([
        expect.objectContaining({
          level: 'warning',
          title: 'New sign-in to your account',
          link: { sessionId: expect.any(String) },
          readAt: null,
        }),
      ]);
      expect(stored[0].body).toContain('Firefox');
      expect(live[0]?.notification).toEqual(stored[0]);
      // The session it names is the new one: its owner can end it from the sessions list.
      const sessions = await call('GET', '/api/auth/sessions', { token: tokens.agent4 });
      expect(sessions.status).toBe(200);
      expect(sessions.body.data.items.map((item: { id: string }) => item.id)).toContain(
        stored[0].link.sessionId,
      );
      expect(await signIns('agent1')).toEqual([]);
    });

    it('is not stored while the owner mutes it', async () => {
      const muted = await call('PUT', '/api/notifications/preferences', {
        token: tokens.agent4,
        body: { muted: ['new_sign_in'] },
      });
      expect(muted.status).toBe(200);
      expect((await signInWith('agent4', 'Mozilla/5.0 (Macintosh) Safari/605.1.15')).status).toBe(
        200,
      );
      await api.settle();
      expect(await signIns('agent4')).toHaveLength(1);
      await call('PUT', '/api/notifications/preferences', {
        token: tokens.agent4,
        body: { muted: [] },
      });
    });
  });

  it("tells a scheduled report's owner, live, once its delivery went out", async () => {
    const socket = await connect(api.baseUrl, tokens.supervisor1 as string);
    sockets.push(socket);
    const live = heard(socket);
    const created = await call('POST', '/api/workforce/report-schedules', {
      token: tokens.supervisor1,
      body: {
        name: 'Morning summary',
        teamIds: [teamId],
        kind: 'last-day',
        recipients: ['boss@example.com', 'floor@example.com'],
        frequency: 'daily',
        localTime: '06:30',
        timeZone: 'UTC',
      },
    });
    expect(created.status).toBe(201);
    const scheduleId = created.body.data.schedule.id;
    const sent = await call('POST', `/api/workforce/report-schedules/${scheduleId}/send-now`, {
      token: tokens.supervisor1,
    });
    expect(sent.status).toBe(202);
    await until(
      () => live.some((event) => event.notification?.kind === 'report_ready'),
      'the report notification',
      10_000,
    );
    const reports = (await list('supervisor1')).items.filter(
      (item: { kind: string }) => item.kind === 'report_ready',
    );
    expect(reports).toEqual([
      expect.objectContaining({
        level: 'info',
        title: 'Report ready',
        body: '"Morning summary" was mailed to 2 recipients.',
        link: { scheduleId },
      }),
    ]);
    // Nobody else hears of it: not the team's members, not the admins.
    for (const name of ['admin', 'agent1'])
      expect(
        (await list(name)).items.filter((item: { kind: string }) => item.kind === 'report_ready'),
      ).toEqual([]);
  });

  it(`keeps the newest ${NOTIFICATIONS_KEPT_PER_USER} per user`, async () => {
    const repository = api.app.get(NotificationsRepository);
    const rows = Array.from({ length: NOTIFICATIONS_KEPT_PER_USER + 5 }, (_, index) => ({
      userId: ids.agent2 as string,
      kind: 'kpi_alert',
      level: 'info',
      title: 'Bulk',
      body: `number ${index}`,
    }));
    await repository.insertKeepingNewest(rows, NOTIFICATIONS_KEPT_PER_USER);
    expect((await list('agent2')).total).toBe(NOTIFICATIONS_KEPT_PER_USER);
    // Another user's notifications are not touched.
    expect((await list('agent1')).total).toBe(3);
  });
});
