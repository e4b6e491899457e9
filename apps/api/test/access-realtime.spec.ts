import { Socket, io } from 'socket.io-client';

import { DashboardUpdateEvent, Permission } from '@poscalls4u/contracts';

import { RealtimeService } from '../src/realtime/realtime.service';
import { Call, signInAll } from './support/calls';
import { TestApi, apiClient, startTestApi } from './support/test-api';

function connect(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The events named `event` a socket receives while `act` runs and for a short while after. */
async function received(socket: Socket, event: string, act: () => void): Promise<number> {
  let count = 0;
  const onEvent = () => (count += 1);
  socket.on(event, onEvent);
  act();
  await new Promise((resolve) => setTimeout(resolve, 300));
  socket.off(event, onEvent);
  return count;
}

/** Room changes travel through the adapter: give them a moment before the next emit. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/**
 * A socket receives only the events of the rooms its user belongs to: a team's events stop when
 * the user leaves the team, and the events a team permission gates stop when the team's security
 * profile withholds it (and come back when it no longer does).
 */
describe('realtime access follows teams and security profiles', () => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let teamId: string;
  const sockets: Socket[] = [];

  const dashboard = (): DashboardUpdateEvent =>
    ({ scope: { kind: 'team', teamId }, at: new Date().toISOString() }) as DashboardUpdateEvent;
  const notification = () => ({
    id: 'n',
    level: 'info' as const,
    title: 'Team news',
    message: '',
    at: new Date().toISOString(),
  });

  beforeAll(async () => {
    api = await startTestApi('pglite', { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', 'supervisor2', 'agent7']));
    const team = await call('POST', '/api/teams', {
      token: tokens.supervisor1,
      body: { name: 'Realtime Access' },
    });
    teamId = team.body.data?.team?.id ?? team.body.data?.id;
    const added = await call('POST', `/api/teams/${teamId}/members`, {
      token: tokens.supervisor1,
      body: { userId: ids.agent7, role: 'agent' },
    });
    expect(added.status).toBe(201);
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await api?.close();
  });

  it("stops a supervisor's team statistics when the profile withholds stats:team, and resumes them", async () => {
    const supervisor = await connect(api.baseUrl, tokens.supervisor1);
    const agent = await connect(api.baseUrl, tokens.agent7);
    const otherSupervisor = await connect(api.baseUrl, tokens.supervisor2);
    sockets.push(supervisor, agent, otherSupervisor);
    const realtime = api.app.get(RealtimeService);
    const pushFigures = () => realtime.toTeam(teamId, 'dashboard:update', dashboard());

    expect(await received(supervisor, 'dashboard:update', pushFigures)).toBe(1);
    // Agents hold no stats:team by default; another team's supervisor is in no room of this team.
    expect(await received(agent, 'dashboard:update', pushFigures)).toBe(0);
    expect(await received(otherSupervisor, 'dashboard:update', pushFigures)).toBe(0);

    const path = `/api/teams/${teamId}/security-profile`;
    const withheld = await call('PUT', path, {
      token: tokens.admin,
      body: {
        agents: { grant: [], withhold: [] },
        supervisors: { grant: [], withhold: [Permission.StatsTeam] },
      },
    });
    expect(withheld.status).toBe(200);
    await settle();
    expect(await received(supervisor, 'dashboard:update', pushFigures)).toBe(0);
    // Still a member: the team's own room (notifications, presence) is unchanged.
    expect(
      await received(supervisor, 'notification', () =>
        realtime.toTeam(teamId, 'notification', notification()),
      ),
    ).toBe(1);

    const granted = await call('PUT', path, {
      token: tokens.admin,
      body: {
        agents: { grant: [Permission.StatsTeam], withhold: [] },
        supervisors: { grant: [], withhold: [] },
      },
    });
    expect(granted.status).toBe(200);
    await settle();
    expect(await received(supervisor, 'dashboard:update', pushFigures)).toBe(1);
    expect(await received(agent, 'dashboard:update', pushFigures)).toBe(1);

    // A new connection joins the rooms its permissions give, not more.
    const reset = await call('PUT', path, {
      token: tokens.admin,
      body: { agents: { grant: [], withhold: [] }, supervisors: { grant: [], withhold: [] } },
    });
    expect(reset.status).toBe(200);
    await settle();
    const fresh = await connect(api.baseUrl, tokens.agent7);
    sockets.push(fresh);
    expect(await received(fresh, 'dashboard:update', pushFigures)).toBe(0);
    expect(await received(agent, 'dashboard:update', pushFigures)).toBe(0);
  });

  it("stops every event of a team once the user leaves it, the permission rooms' too", async () => {
    const agent = await connect(api.baseUrl, tokens.agent7);
    sockets.push(agent);
    const realtime = api.app.get(RealtimeService);
    const pushNews = () => realtime.toTeam(teamId, 'notification', notification());
    const pushCall = () =>
      realtime.toAudiences({ teams: [teamId] }, 'call:updated', {
        call: { id: 'c', teamId },
        event: { type: 'queued' },
      } as never);

    const granted = await call('PUT', `/api/teams/${teamId}/security-profile`, {
      token: tokens.admin,
      body: {
        agents: { grant: [Permission.CallsReadTeam], withhold: [] },
        supervisors: { grant: [], withhold: [] },
      },
    });
    expect(granted.status).toBe(200);
    await settle();
    expect(await received(agent, 'notification', pushNews)).toBe(1);
    expect(await received(agent, 'call:updated', pushCall)).toBe(1);

    const removed = await call('DELETE', `/api/teams/${teamId}/members/${ids.agent7}`, {
      token: tokens.supervisor1,
    });
    expect(removed.status).toBe(200);
    await settle();
    expect(await received(agent, 'notification', pushNews)).toBe(0);
    expect(await received(agent, 'call:updated', pushCall)).toBe(0);
    // The agent's own room still works.
    expect(
      await received(agent, 'notification', () =>
        realtime.toUser(ids.agent7 as string, 'notification', notification()),
      ),
    ).toBe(1);
  });

  it("tells the user's consoles when their permissions change, and who joins a team hears it at once", async () => {
    const agent = await connect(api.baseUrl, tokens.agent7);
    sockets.push(agent);
    const changes: { teamId: string }[] = [];
    agent.on('permissions:changed', (payload: { teamId: string }) => changes.push(payload));

    const added = await call('POST', `/api/teams/${teamId}/members`, {
      token: tokens.supervisor1,
      body: { userId: ids.agent7, role: 'agent' },
    });
    expect(added.status).toBe(201);
    const changed = await call('PUT', `/api/teams/${teamId}/security-profile`, {
      token: tokens.admin,
      body: {
        agents: { grant: [], withhold: [Permission.CallsExport] },
        supervisors: { grant: [], withhold: [] },
      },
    });
    expect(changed.status).toBe(200);
    await settle();
    expect(changes).toEqual([{ teamId }, { teamId }]);

    // A supervisor who creates a team supervises it: their open socket joins its room at once.
    const supervisor = await connect(api.baseUrl, tokens.supervisor2);
    sockets.push(supervisor);
    const created = await call('POST', '/api/teams', {
      token: tokens.supervisor2,
      body: { name: 'Realtime Access Created' },
    });
    expect(created.status).toBe(201);
    const newTeamId = created.body.data.team.id as string;
    await settle();
    const realtime = api.app.get(RealtimeService);
    expect(
      await received(supervisor, 'notification', () =>
        realtime.toTeam(newTeamId, 'notification', notification()),
      ),
    ).toBe(1);
  });
});
