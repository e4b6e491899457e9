import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Socket, io } from 'socket.io-client';

import { AlertsService } from '../src/stats/alerts.service';
import { Call, createTeam, signInAll } from './support/calls';
import { DatabaseKind, TestApi, apiClient, startTestApi } from './support/test-api';

/** Live dashboards and alerts through real Socket.IO clients. */

function connect(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Everything `event` brings on `socket` from now on. */
function record<T>(socket: Socket, event: string): { events: T[]; times: number[] } {
  const seen = { events: [] as T[], times: [] as number[] };
  socket.on(event, (payload: T) => {
    seen.events.push(payload);
    seen.times.push(Date.now());
  });
  return seen;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two more evaluations of the alerts on each instance, as the 5 s timer would run them, without
 * waiting 10 s for the timer; then a moment for a notification they sent to reach the sockets.
 */
async function twoMoreEvaluations(...apis: TestApi[]): Promise<void> {
  for (let round = 0; round < 2; round++) {
    await Promise.all(apis.map((api) => api.app.get(AlertsService).evaluate()));
  }
  await sleep(500);
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

interface TeamEvent {
  scope: { kind: string; teamId?: string; agentId?: string };
  today: { offered: number };
  live: { callsWaiting: number; agents: { available: number } };
}

const kind: DatabaseKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';

describe(`live dashboards on ${kind}`, () => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', 'agent1', 'agent2']));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await api?.close();
  });

  const queue = (teamId: string) =>
    call('POST', '/api/calls', {
      token: tokens.supervisor1,
      body: { teamId, from: '+15550100', to: '+15550199' },
    });

  it('a change reaches the team, the center and the agent within a second', async () => {
    const teamId = await createTeam(call, tokens.supervisor1, 'Live One', [ids.agent1]);
    const supervisor = await connect(api.baseUrl, tokens.supervisor1);
    const admin = await connect(api.baseUrl, tokens.admin);
    const agent = await connect(api.baseUrl, tokens.agent1);
    sockets.push(supervisor, admin, agent);
    const team = record<TeamEvent>(supervisor, 'dashboard:update');
    const center = record<TeamEvent>(admin, 'dashboard:update');
    const own = record<TeamEvent>(agent, 'dashboard:update');

    const changedAt = Date.now();
    expect(
      (
        await call('PUT', '/api/presence/me', {
          token: tokens.agent1,
          body: { status: 'available' },
        })
      ).status,
    ).toBe(200);
    const forTeam = () => team.events.findIndex((e) => e.scope.teamId === teamId);
    await until(() => forTeam() >= 0, 1000, 'the team update');
    expect((team.times[forTeam()] ?? Infinity) - changedAt).toBeLessThan(1000);
    expect(team.events[forTeam()]?.live.agents.available).toBe(1);
    await until(() => center.events.some((e) => e.scope.kind === 'center'), 1000, 'center');
    await until(
      () => own.events.some((e) => e.scope.kind === 'agent' && e.scope.agentId === ids.agent1),
      1000,
      'the agent update',
    );
    await call('PUT', '/api/presence/me', { token: tokens.agent1, body: { status: 'offline' } });
  });

  it('a burst of 50 changes brings only a few updates per room, the last one fresh', async () => {
    // Nobody available: the 50 calls all wait in the queue.
    const teamId = await createTeam(call, tokens.supervisor1, 'Live Burst', [ids.agent2]);
    const supervisor = await connect(api.baseUrl, tokens.supervisor1);
    sockets.push(supervisor);
    await sleep(600);
    const team = record<TeamEvent>(supervisor, 'dashboard:update');
    const started = Date.now();
    await Promise.all(Array.from({ length: 50 }, () => queue(teamId)));
    const took = Date.now() - started;
    const ofTeam = () => team.events.filter((e) => e.scope.teamId === teamId);
    await until(() => ofTeam().at(-1)?.live.callsWaiting === 50, 2000, 'the fresh figures');
    await sleep(700);
    const updates = ofTeam();
    // At most one per 300 ms while the burst lasts, plus the first and the trailing one.
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(took / 300) + 3);
    expect(updates.length).toBeLessThan(15);
    expect(updates.at(-1)?.today.offered).toBe(50);
    const times = team.times.filter((_t, i) => team.events[i]?.scope.teamId === teamId);
    for (let i = 1; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(200);
    }
  });

  it('a backlog longer than the list: every waiting call counted, the 50 longest listed', async () => {
    // The dashboard and the alerts read at most 50 waiting calls of a team and count the rest in
    // SQL, so a backlog of thousands costs them what a handful does (docs/reliability.md).
    const teamId = await createTeam(call, tokens.supervisor1, 'Live Backlog', []);
    for (let i = 0; i < 6; i++) await Promise.all(Array.from({ length: 10 }, () => queue(teamId)));
    const res = await call('GET', '/api/stats/dashboard', { token: tokens.supervisor1 });
    expect(res.status).toBe(200);
    const dashboard = res.body.data.dashboard as {
      teams: {
        teamId: string;
        live: { callsWaiting: number; longestCurrentWaitSeconds: number };
      }[];
      waitingCalls: { teamId: string; queuedAt: string }[];
    };
    const team = dashboard.teams.find((t) => t.teamId === teamId);
    expect(team?.live.callsWaiting).toBe(60);
    const listed = dashboard.waitingCalls.filter((c) => c.teamId === teamId);
    expect(listed).toHaveLength(50);
    const arrivals = listed.map((c) => Date.parse(c.queuedAt));
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
  });

  it('an alert crossing notifies once, and shows on the dashboard until it clears', async () => {
    const teamId = await createTeam(call, tokens.supervisor1, 'Live Alert', []);
    await call('PUT', `/api/teams/${teamId}/alert-thresholds`, {
      token: tokens.supervisor1,
      body: { callWaitingLongerThanSeconds: 1, serviceLevelBelowPercent: null },
    });
    const supervisor = await connect(api.baseUrl, tokens.supervisor1);
    sockets.push(supervisor);
    const notes = record<{ id: string; title: string }>(supervisor, 'notification');
    const queued = await queue(teamId);
    const alertId = `long_wait:${teamId}:${queued.body.data.call.id}`;
    const mine = () => notes.events.filter((n) => n.id === alertId);
    // Evaluated every 5 s: the wait passes 1 s, then the next evaluation notices.
    await until(() => mine().length > 0, 8000, 'the notification');
    expect(mine()[0]?.title).toBe('Call waiting too long');
    const dashboard = await call('GET', '/api/stats/dashboard', { token: tokens.supervisor1 });
    expect(dashboard.body.data.dashboard.alerts.map((a: { id: string }) => a.id)).toContain(
      alertId,
    );
    // Two more evaluations notify nothing new.
    await twoMoreEvaluations(api);
    expect(mine()).toHaveLength(1);

    // The alert shows what holds now: a new threshold changes its words, without a new notification.
    await call('PUT', `/api/teams/${teamId}/alert-thresholds`, {
      token: tokens.supervisor1,
      body: { callWaitingLongerThanSeconds: 2 },
    });
    await sleep(300);
    const current = await call('GET', '/api/stats/dashboard', { token: tokens.supervisor1 });
    const shown = current.body.data.dashboard.alerts.find((a: { id: string }) => a.id === alertId);
    expect(shown?.message).toMatch(/has waited over 2 s$/);
    expect(mine()).toHaveLength(1);

    // The condition ends (here: the alert is turned off) and the alert goes.
    await call('PUT', `/api/teams/${teamId}/alert-thresholds`, {
      token: tokens.supervisor1,
      body: { callWaitingLongerThanSeconds: null },
    });
    await sleep(300);
    const after = await call('GET', '/api/stats/dashboard', { token: tokens.supervisor1 });
    expect(after.body.data.dashboard.alerts.map((a: { id: string }) => a.id)).not.toContain(
      alertId,
    );
  }, 30_000);

  it('raises "no agent available" while calls wait and nobody of the team is free, and clears it', async () => {
    // agent1: agent2 belongs to 'Live Burst', whose 50 queued calls would be offered first.
    const teamId = await createTeam(call, tokens.supervisor1, 'Nobody Free', [ids.agent1]);
    await call('PUT', `/api/teams/${teamId}/alert-thresholds`, {
      token: tokens.supervisor1,
      body: { callWaitingLongerThanSeconds: null, serviceLevelBelowPercent: null },
    });
    await call('PUT', '/api/presence/me', { token: tokens.agent1, body: { status: 'offline' } });
    const supervisor = await connect(api.baseUrl, tokens.supervisor1);
    sockets.push(supervisor);
    const notes = record<{ id: string; title: string; level: string }>(supervisor, 'notification');
    const alertId = `no_agent_available:${teamId}`;
    const shown = async () => {
      const dashboard = await call('GET', '/api/stats/dashboard', { token: tokens.supervisor1 });
      return (dashboard.body.data.dashboard.alerts as { id: string; message: string }[]).find(
        (alert) => alert.id === alertId,
      );
    };

    await queue(teamId);
    await until(() => notes.events.some((n) => n.id === alertId), 8000, 'the notification');
    expect(notes.events.find((n) => n.id === alertId)).toMatchObject({
      title: 'No agent available',
      level: 'critical',
    });
    expect((await shown())?.message).toBe('Nobody Free: 1 call waits and no agent is available');

    // The agent comes on line and becomes available: the call rings at them, nothing queues, the
    // alert goes.
    sockets.push(await connect(api.baseUrl, tokens.agent1));
    await call('PUT', '/api/presence/me', { token: tokens.agent1, body: { status: 'available' } });
    let current = await shown();
    for (let waited = 0; current !== undefined && waited < 8000; waited += 250) {
      await sleep(250);
      current = await shown();
    }
    const calls = await call('GET', `/api/calls?teamId=${teamId}`, { token: tokens.supervisor1 });
    expect(calls.body.data.items.map((c: { state: string }) => c.state)).toEqual(['offered']);
    expect(current).toBeUndefined();
    expect(notes.events.filter((n) => n.id === alertId)).toHaveLength(1);
  }, 30_000);
});

const redisUrl = process.env.REDIS_URL;
const twoInstances = redisUrl && process.env.DATABASE_URL ? describe : describe.skip;
if (!twoInstances) {
  process.stderr.write('Two-instance alert suite skipped: needs DATABASE_URL and REDIS_URL.\n');
}

twoInstances('alerts with two API instances (PostgreSQL + Redis)', () => {
  const prefix = `test-${randomBytes(6).toString('hex')}`;
  let first: TestApi;
  let second: TestApi;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const env = { DEMO_SEED: 'true', REDIS_URL: redisUrl as string, QUEUE_PREFIX: prefix };
    first = await startTestApi('postgres', env);
    second = await startTestApi('postgres', env, { shareDatabaseOf: first });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await second?.close();
    await first?.close();
    const redis = new Redis(redisUrl as string);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('a crossing notifies each watcher once, whichever instance they are on', async () => {
    const call = apiClient(first.baseUrl);
    const { tokens } = await signInAll(call, ['admin', 'supervisor1']);
    const teamId = await createTeam(call, tokens.supervisor1, 'Two Instances', []);
    await call('PUT', `/api/teams/${teamId}/alert-thresholds`, {
      token: tokens.supervisor1,
      body: { callWaitingLongerThanSeconds: 1, serviceLevelBelowPercent: null },
    });
    const onFirst = await connect(first.baseUrl, tokens.supervisor1 as string);
    const onSecond = await connect(second.baseUrl, tokens.supervisor1 as string);
    const adminOnSecond = await connect(second.baseUrl, tokens.admin as string);
    sockets.push(onFirst, onSecond, adminOnSecond);
    const seen = [onFirst, onSecond, adminOnSecond].map((socket) =>
      record<{ id: string }>(socket, 'notification'),
    );
    const queued = await call('POST', '/api/calls', {
      token: tokens.supervisor1,
      body: { teamId, from: '+15550100', to: '+15550199' },
    });
    const alertId = `long_wait:${teamId}:${queued.body.data.call.id}`;
    const count = (i: number) => seen[i]?.events.filter((n) => n.id === alertId).length ?? 0;
    await until(() => [0, 1, 2].every((i) => count(i) > 0), 8000, 'the notifications');
    // Both instances evaluate (every 5 s): two more rounds each, still one notification.
    await twoMoreEvaluations(first, second);
    expect([count(0), count(1), count(2)]).toEqual([1, 1, 1]);
  }, 30_000);
});
