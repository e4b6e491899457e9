import { sql } from 'drizzle-orm';
import { Socket, io } from 'socket.io-client';

import { DATABASE, Database } from '@poscalls4u/server-database';

import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const PASSWORD = 'poscalls4u-demo';

function socketFor(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function nextEvent<T>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no matching ${event} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

describe.each(DATABASES)('presence on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let teamId: string;

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true', PRESENCE_OFFLINE_GRACE: '1s' });
    call = apiClient(api.baseUrl);
    for (const name of ['admin', 'supervisor1', 'supervisor2', 'agent1', 'agent2', 'agent3']) {
      const response = await call('POST', '/api/auth/login', {
        body: { email: `${name}@poscalls4u.test`, password: PASSWORD },
      });
      tokens[name] = response.body.data.token;
      ids[name] = response.body.data.user.id;
    }
    const team = await call('POST', '/api/teams', {
      token: tokens.supervisor1,
      body: { name: 'Presence Team' },
    });
    teamId = team.body.data.team.id;
    for (const name of ['agent1', 'agent2']) {
      await call('POST', `/api/teams/${teamId}/members`, {
        token: tokens.supervisor1,
        body: { userId: ids[name], role: 'agent' },
      });
    }
  });
  afterAll(() => api.close());

  it('lets an agent go available and on a break with a reason, and keeps every interval', async () => {
    const me = (body: unknown) => call('PUT', '/api/presence/me', { token: tokens.agent1, body });
    expect((await me({ status: 'available' })).body.data.presence).toMatchObject({
      status: 'available',
      reason: null,
    });
    expect((await me({ status: 'break' })).status).toBe(400);
    expect((await me({ status: 'break', reason: 'nap' })).status).toBe(400);
    expect((await me({ status: 'break', reason: 'missed' })).status).toBe(400); // system only
    expect((await me({ status: 'on_call' })).status).toBe(400);
    expect((await me({ status: 'available', reason: 'lunch' })).status).toBe(400);
    const onBreak = await me({ status: 'break', reason: 'lunch' });
    expect(onBreak.body.data.presence).toMatchObject({
      status: 'break',
      reason: { code: 'lunch', label: 'Lunch' },
      forcedBy: null,
    });
    await me({ status: 'available' });

    const db = api.app.get<Database>(DATABASE);
    const result = await db.execute(
      sql`select status, reason_code, ended_at from presence_intervals where user_id = ${ids.agent1} order by started_at`,
    );
    const rows = (
      result as unknown as {
        rows: { status: string; reason_code: string | null; ended_at: Date | null }[];
      }
    ).rows;
    expect(rows.map((row) => [row.status, row.reason_code, row.ended_at === null])).toEqual([
      ['available', null, false],
      ['break', 'lunch', false],
      ['available', null, true],
    ]);
  });

  it("shows a team's states to its members and supervisors only", async () => {
    const forTeam = await call('GET', `/api/presence?teamId=${teamId}`, {
      token: tokens.supervisor1,
    });
    expect(forTeam.status).toBe(200);
    expect(forTeam.body.data.items.map((view: { userId: string }) => view.userId).sort()).toEqual(
      [ids.supervisor1, ids.agent1, ids.agent2].sort(),
    );
    expect(
      (await call('GET', `/api/presence?teamId=${teamId}`, { token: tokens.agent2 })).status,
    ).toBe(200);
    expect(
      (await call('GET', `/api/presence?teamId=${teamId}`, { token: tokens.agent3 })).status,
    ).toBe(404);
    expect(
      (await call('GET', `/api/presence?teamId=${teamId}`, { token: tokens.supervisor2 })).status,
    ).toBe(404);
    expect((await call('GET', '/api/presence?teamId=nope', { token: tokens.admin })).status).toBe(
      400,
    );
  });

  it("lets a team's supervisor force an agent offline or on a break, and nobody else", async () => {
    const forced = await call('PUT', `/api/presence/${ids.agent2}`, {
      token: tokens.supervisor1,
      body: { status: 'break', reason: 'meeting' },
    });
    expect(forced.status).toBe(200);
    expect(forced.body.data.presence).toMatchObject({
      status: 'break',
      reason: { code: 'meeting' },
      forcedBy: { id: ids.supervisor1 },
    });
    expect(
      (
        await call('PUT', `/api/presence/${ids.agent2}`, {
          token: tokens.supervisor1,
          body: { status: 'available' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('PUT', `/api/presence/${ids.agent2}`, {
          token: tokens.supervisor2,
          body: { status: 'offline' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call('PUT', `/api/presence/${ids.agent3}`, {
          token: tokens.agent1,
          body: { status: 'offline' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('PUT', `/api/presence/${ids.agent2}`, {
          token: tokens.admin,
          body: { status: 'offline' },
        })
      ).body.data.presence.status,
    ).toBe('offline');
  });

  it('pushes every change live to the team and the supervisors, not to other agents', async () => {
    const supervisor = await socketFor(api.baseUrl, tokens.supervisor1);
    const teammate = await socketFor(api.baseUrl, tokens.agent2);
    const outsider = await socketFor(api.baseUrl, tokens.agent3);
    let leaked = false;
    outsider.on('team:member-status', () => (leaked = true));
    const isAgent1OnTraining = (event: {
      userId: string;
      status: string;
      reason: { code: string } | null;
    }) => event.userId === ids.agent1 && event.reason?.code === 'training';
    const seenBySupervisor = nextEvent(supervisor, 'agent:status', isAgent1OnTraining);
    const seenByTeammate = nextEvent(teammate, 'team:member-status', isAgent1OnTraining);
    await call('PUT', '/api/presence/me', {
      token: tokens.agent1,
      body: { status: 'break', reason: 'training' },
    });
    expect(await seenBySupervisor).toMatchObject({ status: 'break', teamIds: [teamId] });
    await seenByTeammate;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(leaked).toBe(false);
    [supervisor, teammate, outsider].forEach((socket) => socket.close());
  });

  it('turns an agent offline when their connection stays gone past the grace, not when they come back', async () => {
    const state = async () =>
      (
        await call('GET', `/api/presence?teamId=${teamId}`, { token: tokens.supervisor1 })
      ).body.data.items.find((view: { userId: string }) => view.userId === ids.agent1).status;
    await call('PUT', '/api/presence/me', { token: tokens.agent1, body: { status: 'available' } });

    const first = await socketFor(api.baseUrl, tokens.agent1);
    first.close();
    const back = await socketFor(api.baseUrl, tokens.agent1); // reconnects within the 1 s grace
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(await state()).toBe('available');

    back.close();
    await new Promise((resolve) => setTimeout(resolve, 1_800));
    expect(await state()).toBe('offline');
  });

  it('keeps break reasons admin-managed', async () => {
    const created = await call('POST', '/api/presence/break-reasons', {
      token: tokens.admin,
      body: { code: 'team_huddle', label: 'Team huddle' },
    });
    expect(created.status).toBe(201);
    expect(
      (
        await call('POST', '/api/presence/break-reasons', {
          token: tokens.admin,
          body: { code: 'team_huddle', label: 'Again' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call('POST', '/api/presence/break-reasons', {
          token: tokens.supervisor1,
          body: { code: 'x_y', label: 'X' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('POST', '/api/presence/break-reasons', {
          token: tokens.admin,
          body: { code: 'Bad Code', label: 'X' },
        })
      ).status,
    ).toBe(400);
    await call('PATCH', '/api/presence/break-reasons/team_huddle', {
      token: tokens.admin,
      body: { isActive: false },
    });
    const reasons = await call('GET', '/api/presence/break-reasons', { token: tokens.agent1 });
    expect(reasons.body.data.items.map((reason: { code: string }) => reason.code)).not.toContain(
      'team_huddle',
    );
    expect(
      (
        await call('PUT', '/api/presence/me', {
          token: tokens.agent1,
          body: { status: 'break', reason: 'team_huddle' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('PATCH', '/api/presence/break-reasons/missed', {
          token: tokens.admin,
          body: { label: 'Nope' },
        })
      ).status,
    ).toBe(409);
  });

  it("shows an agent's states over a period to their team's supervisor, and nobody else", async () => {
    const since = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    const timeline = await call('GET', `/api/presence/${ids.agent1}/timeline?from=${since}`, {
      token: tokens.supervisor1,
    });
    expect(timeline.status).toBe(200);
    expect(timeline.body.data.timeline).toMatchObject({
      userId: ids.agent1,
      name: expect.any(String),
    });
    const intervals = timeline.body.data.timeline.intervals as {
      status: string;
      reason: { code: string } | null;
      startedAt: string;
      endedAt: string | null;
    }[];
    expect(intervals.length).toBeGreaterThanOrEqual(2);
    expect(intervals.map((interval) => interval.startedAt)).toEqual(
      [...intervals.map((interval) => interval.startedAt)].sort(),
    );
    expect(intervals.at(-1)?.endedAt).toBeNull();
    expect(intervals.some((interval) => interval.status === 'break' && interval.reason)).toBe(true);

    expect(
      (await call('GET', `/api/presence/${ids.agent1}/timeline`, { token: tokens.supervisor2 }))
        .status,
    ).toBe(404);
    expect(
      (await call('GET', `/api/presence/${ids.agent2}/timeline`, { token: tokens.agent1 })).status,
    ).toBe(403);
    const backwards = await call(
      'GET',
      `/api/presence/${ids.agent1}/timeline?from=${new Date().toISOString()}&to=${since}`,
      { token: tokens.admin },
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toBe('from must be before to');
  });

  // Last: it ends every session of agent2.
  it("lets a team's supervisor sign an agent out: offline at once, sessions ended, audited", async () => {
    await call('PUT', '/api/presence/me', { token: tokens.agent2, body: { status: 'available' } });
    expect(
      (await call('POST', `/api/presence/${ids.agent2}/sign-out`, { token: tokens.supervisor2 }))
        .status,
    ).toBe(404);
    expect(
      (await call('POST', `/api/presence/${ids.agent1}/sign-out`, { token: tokens.agent2 })).status,
    ).toBe(403);
    expect((await call('GET', '/api/auth/profile', { token: tokens.agent2 })).status).toBe(200);

    const signedOut = await call('POST', `/api/presence/${ids.agent2}/sign-out`, {
      token: tokens.supervisor1,
    });
    expect(signedOut.status).toBe(200);
    expect(signedOut.body.data.presence).toMatchObject({
      userId: ids.agent2,
      status: 'offline',
      forcedBy: { id: ids.supervisor1 },
    });
    expect((await call('GET', '/api/auth/profile', { token: tokens.agent2 })).status).toBe(401);

    const audit = await call('GET', '/api/audit?action=presence.signed_out', {
      token: tokens.admin,
    });
    expect(audit.body.data.items[0]).toMatchObject({
      action: 'presence.signed_out',
      actor: { id: ids.supervisor1 },
      target: { id: ids.agent2 },
      details: { sessionsEnded: 1 },
    });
    const forced = await call('GET', '/api/audit?action=presence.forced', { token: tokens.admin });
    expect(forced.body.data.total).toBeGreaterThanOrEqual(2);
  });
});
