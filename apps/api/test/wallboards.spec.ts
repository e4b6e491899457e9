import { sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { Socket, io } from 'socket.io-client';

import { Call, createTeam, query, signInAll, waitFor } from './support/calls';
import { ROUTE_POLICY } from './support/route-policy';
import { DatabaseKind, TestApi, apiClient, startTestApi } from './support/test-api';

/**
 * Wallboard links: created, listed and revoked by a team's supervisor; the secret exchanged for
 * a wallboard token that reads its teams' figures and joins their wallboard rooms only, that
 * every other route refuses, and that stops working at once when the link is revoked.
 */
const kind: DatabaseKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';

const WALLBOARD_ROUTES = ['POST /api/wallboard/session', 'GET /api/wallboard'];

function connect(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Every event the socket hears, by name. */
function recordAll(socket: Socket): { name: string; payload: unknown }[] {
  const heard: { name: string; payload: unknown }[] = [];
  socket.onAny((name: string, payload: unknown) => heard.push({ name, payload }));
  return heard;
}

describe(`wallboard links on ${kind}`, () => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let teamA: string;
  let teamB: string;
  let otherTeam: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, [
      'admin',
      'supervisor1',
      'supervisor2',
      'agent1',
      'agent2',
    ]));
    teamA = await createTeam(call, tokens.supervisor1, 'Wall A', [ids.agent1]);
    teamB = await createTeam(call, tokens.supervisor1, 'Wall B', []);
    otherTeam = await createTeam(call, tokens.supervisor2, 'Wall Other', [ids.agent2]);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await api?.close();
  });

  const create = (token: string, body: Record<string, unknown>) =>
    call('POST', '/api/workforce/wallboards', { token, body });
  const exchange = (secret: string) => call('POST', '/api/wallboard/session', { body: { secret } });
  const board = (token: string) => call('GET', '/api/wallboard', { token });
  const listed = async (token: string) => {
    const response = await call('GET', '/api/workforce/wallboards', { token });
    expect(response.status).toBe(200);
    return response.body.data.items as { id: string; lastUsedAt: string | null }[];
  };

  /** A new link of supervisor1 over teams A and B, and its wallboard token. */
  async function newWallboard(
    name: string,
  ): Promise<{ id: string; secret: string; token: string }> {
    const created = await create(tokens.supervisor1, {
      name,
      teamIds: [teamA, teamB],
      rotationSeconds: 20,
    });
    expect(created.status).toBe(201);
    const { secret } = created.body.data;
    const session = await exchange(secret);
    expect(session.status).toBe(200);
    return { id: created.body.data.wallboard.id, secret, token: session.body.data.token };
  }

  it('creates a link for the teams one manages, stores only its hash, lists it with its last use', async () => {
    expect((await create(tokens.agent1, { name: 'Agent', teamIds: [teamA] })).status).toBe(403);
    // Another supervisor's team: 404, as if it did not exist.
    expect(
      (await create(tokens.supervisor1, { name: 'Mixed', teamIds: [teamA, otherTeam] })).status,
    ).toBe(404);
    expect((await create(tokens.supervisor1, { name: ' ', teamIds: [teamA] })).status).toBe(400);
    expect(
      (await create(tokens.supervisor1, { name: 'Fast', teamIds: [teamA], rotationSeconds: 1 }))
        .status,
    ).toBe(400);

    const created = await create(tokens.supervisor1, {
      name: 'Floor TV',
      teamIds: [teamB, teamA],
      rotationSeconds: 20,
    });
    expect(created.status).toBe(201);
    const { wallboard, secret, path } = created.body.data;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(path).toBe(`/wallboard#${secret}`);
    expect(wallboard).toMatchObject({
      name: 'Floor TV',
      teams: [
        { id: teamB, name: 'Wall B' },
        { id: teamA, name: 'Wall A' },
      ],
      rotationSeconds: 20,
      createdBy: { id: ids.supervisor1 },
      lastUsedAt: null,
      revokedAt: null,
    });
    const rows = await query<{ secret_hash: string }>(
      api,
      sql`select secret_hash from wallboard_links where id = ${wallboard.id}`,
    );
    expect(rows[0]?.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    const anywhere = await query<{ n: number }>(
      api,
      sql`select count(*)::int as n from wallboard_links where secret_hash = ${secret} or name = ${secret}`,
    );
    expect(anywhere[0]?.n).toBe(0);

    expect((await listed(tokens.supervisor1)).map((link) => link.id)).toContain(wallboard.id);
    expect((await listed(tokens.admin)).map((link) => link.id)).toContain(wallboard.id);
    expect((await listed(tokens.supervisor2)).map((link) => link.id)).not.toContain(wallboard.id);
    expect((await call('GET', '/api/workforce/wallboards', { token: tokens.agent1 })).status).toBe(
      403,
    );

    expect((await exchange('not-the-secret')).status).toBe(401);
    const session = await exchange(secret);
    expect(session.status).toBe(200);
    expect(session.body.data.expiresInSeconds).toBe(900);
    const used = (await listed(tokens.supervisor1)).find((link) => link.id === wallboard.id);
    expect(used?.lastUsedAt).not.toBeNull();

    const figures = await board(session.body.data.token);
    expect(figures.status).toBe(200);
    const view = figures.body.data.wallboard;
    expect(view).toMatchObject({ name: 'Floor TV', rotationSeconds: 20 });
    expect(view.teams.map((team: { teamId: string }) => team.teamId)).toEqual([teamB, teamA]);
    expect(view.teams[1]).toMatchObject({
      name: 'Wall A',
      serviceLevelTargetPercent: 80,
      thresholds: { callWaitingLongerThanSeconds: 60 },
      live: { callsWaiting: 0 },
      staffing: { agentsNeeded: 0, understaffed: false },
    });
    expect(view.teams[1].today).toHaveProperty('serviceLevelPercent');
    // A user's token does not stand in for a wallboard token.
    expect((await board(tokens.supervisor1)).status).toBe(401);
    expect((await board(tokens.admin)).status).toBe(401);
  });

  it('is refused by every other route of the policy table', async () => {
    const { token } = await newWallboard('Scope');
    const ALL_ROUTES = ROUTE_POLICY.filter(
      (route) => !WALLBOARD_ROUTES.includes(`${route.method} ${route.path}`),
    );
    expect(ALL_ROUTES.length).toBeGreaterThan(50);
    const accepted: string[] = [];
    for (const route of ALL_ROUTES) {
      // A public route takes no credential: the token adds nothing there (and stays unchecked).
      if (route.access === 'public') continue;
      const path = route.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const response = await call(route.method, path, {
        token,
        ...(route.method === 'GET' ? {} : { body: {} }),
      });
      if (response.status !== 401)
        accepted.push(`${route.method} ${route.path}: ${response.status}`);
    }
    expect(accepted).toEqual([]);
  }, 60_000);

  it("hears its own teams' live figures and nothing else", async () => {
    const { token } = await newWallboard('Live');
    const wallboard = await connect(api.baseUrl, token);
    sockets.push(wallboard);
    const heard = recordAll(wallboard);

    // Team A (on the board): an agent's change reaches it as the team's dashboard update.
    await call('PUT', '/api/presence/me', { token: tokens.agent1, body: { status: 'available' } });
    await waitFor(
      async () => heard,
      (events) =>
        events.some(
          (event) =>
            event.name === 'dashboard:update' &&
            (event.payload as { scope: { teamId?: string } }).scope.teamId === teamA,
        ),
      3000,
      "team A's update",
    );
    // Another team's call and agent: nothing of them reaches the wallboard.
    await call('PUT', '/api/presence/me', { token: tokens.agent2, body: { status: 'available' } });
    const queued = await call('POST', '/api/calls', {
      token: tokens.supervisor2,
      body: { teamId: otherTeam, from: '+15550100', to: '+15550199' },
    });
    expect(queued.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(new Set(heard.map((event) => event.name))).toEqual(new Set(['dashboard:update']));
    for (const event of heard) {
      expect((event.payload as { scope: { teamId?: string } }).scope.teamId).not.toBe(otherTeam);
    }
    await call('PUT', '/api/presence/me', { token: tokens.agent1, body: { status: 'offline' } });
    await call('PUT', '/api/presence/me', { token: tokens.agent2, body: { status: 'offline' } });
  });

  it('shows only the teams its creator still manages', async () => {
    const { token } = await newWallboard('Creator');
    const teamsOf = async () =>
      ((await board(token)).body.data.wallboard.teams as { teamId: string }[]).map(
        (team) => team.teamId,
      );
    expect(await teamsOf()).toEqual([teamA, teamB]);
    const removed = await call('DELETE', `/api/teams/${teamB}/members/${ids.supervisor1}`, {
      token: tokens.admin,
    });
    expect(removed.status).toBe(200);
    expect(await teamsOf()).toEqual([teamA]);
    await call('POST', `/api/teams/${teamB}/members`, {
      token: tokens.admin,
      body: { userId: ids.supervisor1, role: 'supervisor' },
    });
    expect(await teamsOf()).toEqual([teamA, teamB]);
  });

  it('stops at once when revoked: HTTP, the exchange and the sockets', async () => {
    const { id, secret, token } = await newWallboard('Revoked');
    const wallboard = await connect(api.baseUrl, token);
    sockets.push(wallboard);
    const ended: string[] = [];
    wallboard.on('session:ended', ({ reason }: { reason: string }) => ended.push(reason));
    const disconnected = new Promise<string>((resolve) => wallboard.once('disconnect', resolve));

    // Only who manages it may revoke it.
    expect(
      (await call('DELETE', `/api/workforce/wallboards/${id}`, { token: tokens.supervisor2 }))
        .status,
    ).toBe(404);
    const revoked = await call('DELETE', `/api/workforce/wallboards/${id}`, {
      token: tokens.supervisor1,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.wallboard.revokedAt).not.toBeNull();

    expect(await disconnected).toBe('io server disconnect');
    expect(ended).toEqual(['wallboard_revoked']);
    expect((await board(token)).status).toBe(401);
    expect((await exchange(secret)).status).toBe(401);
    await expect(connect(api.baseUrl, token)).rejects.toThrow();
    // Still listed, as revoked; revoking again answers it unchanged.
    const again = await call('DELETE', `/api/workforce/wallboards/${id}`, {
      token: tokens.supervisor1,
    });
    expect(again.status).toBe(200);
    expect(again.body.data.wallboard.revokedAt).toBe(revoked.body.data.wallboard.revokedAt);
  });
});
