import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Socket, io } from 'socket.io-client';

import { RealtimeService } from '../src/realtime/realtime.service';
import { TestApi, apiClient, startTestApi } from './support/test-api';

const DEMO = { password: 'poscalls4u-demo' };

function connect(baseUrl: string, token: string, options: { origin?: string } = {}): Socket {
  // The seed brief's client code, as written: io(url, { auth: { token } }).
  return io(baseUrl, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: options.origin ? { origin: options.origin } : undefined,
  });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function refused(socket: Socket): Promise<Error & { data?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', resolve);
  });
}

function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

function nextEvent<T>(socket: Socket, event: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${event} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

async function signIn(api: TestApi, email: string): Promise<{ token: string; userId: string }> {
  const response = await apiClient(api.baseUrl)('POST', '/api/auth/login', {
    body: { email, ...DEMO },
  });
  expect(response.status).toBe(200);
  return { token: response.body.data.token, userId: response.body.data.user.id };
}

describe('realtime gateway', () => {
  let api: TestApi;
  const sockets: Socket[] = [];
  const track = (socket: Socket) => (sockets.push(socket), socket);

  beforeAll(async () => {
    api = await startTestApi('pglite', { DEMO_SEED: 'true', CLIENT_URL: 'http://localhost:4200' });
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(() => api.close());

  it('accepts the seed brief connect example and delivers events to the user only', async () => {
    const agent1 = await signIn(api, 'agent1@poscalls4u.test');
    const agent2 = await signIn(api, 'agent2@poscalls4u.test');
    const mine = track(connect(api.baseUrl, agent1.token));
    const theirs = track(connect(api.baseUrl, agent2.token));
    await Promise.all([connected(mine), connected(theirs)]);

    let leaked = false;
    theirs.on('notification', () => (leaked = true));
    const received = nextEvent<{ title: string }>(mine, 'notification');
    api.app.get(RealtimeService).toUser(agent1.userId, 'notification', {
      id: 'n1',
      level: 'info',
      title: 'Hello agent 1',
      message: 'Only for you',
      at: new Date().toISOString(),
    });
    expect((await received).title).toBe('Hello agent 1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(leaked).toBe(false);
  });

  it('keeps teams apart, and follows membership changes live', async () => {
    const call = apiClient(api.baseUrl);
    const admin = await signIn(api, 'admin@poscalls4u.test');
    const member = await signIn(api, 'agent9@poscalls4u.test');
    const outsider = await signIn(api, 'agent10@poscalls4u.test');
    const team = await call('POST', '/api/teams', {
      token: admin.token,
      body: { name: 'Realtime Team' },
    });
    const teamId = team.body.data.team.id;
    await call('POST', `/api/teams/${teamId}/members`, {
      token: admin.token,
      body: { userId: member.userId, role: 'agent' },
    });
    const memberSocket = track(connect(api.baseUrl, member.token));
    const outsiderSocket = track(connect(api.baseUrl, outsider.token));
    await Promise.all([connected(memberSocket), connected(outsiderSocket)]);
    const realtime = api.app.get(RealtimeService);
    const notify = (title: string) =>
      realtime.toTeam(teamId, 'notification', {
        id: title,
        level: 'info',
        title,
        message: '',
        at: new Date().toISOString(),
      });

    let leaked = false;
    outsiderSocket.on('notification', () => (leaked = true));
    const first = nextEvent<{ title: string }>(memberSocket, 'notification');
    notify('team only');
    expect((await first).title).toBe('team only');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(leaked).toBe(false);

    // Joining the team puts the already connected socket in the team's room at once.
    outsiderSocket.off('notification');
    await call('POST', `/api/teams/${teamId}/members`, {
      token: admin.token,
      body: { userId: outsider.userId, role: 'agent' },
    });
    const joined = nextEvent<{ title: string }>(outsiderSocket, 'notification');
    notify('welcome aboard');
    expect((await joined).title).toBe('welcome aboard');
  });

  it('refuses a missing, forged or malformed token with a connect_error carrying the code', async () => {
    for (const token of ['', 'garbage', 'a.b.c']) {
      const error = await refused(track(connect(api.baseUrl, token)));
      expect(error.message).toBe('UNAUTHORIZED');
      expect(error.data?.code).toBe('UNAUTHORIZED');
    }
  });

  it('refuses a browser page of another origin', async () => {
    const { token } = await signIn(api, 'agent3@poscalls4u.test');
    const error = await refused(
      track(connect(api.baseUrl, token, { origin: 'https://evil.example' })),
    );
    expect(error.data?.code).toBe('FORBIDDEN');
    await connected(track(connect(api.baseUrl, token, { origin: 'http://localhost:4200' })));
  });

  it('disconnects the socket at once when its session is logged out', async () => {
    const { token } = await signIn(api, 'agent4@poscalls4u.test');
    const socket = track(connect(api.baseUrl, token));
    await connected(socket);
    const ended = nextEvent<{ reason: string }>(socket, 'session:ended');
    const gone = disconnected(socket);
    await apiClient(api.baseUrl)('POST', '/api/auth/logout', { token });
    expect((await ended).reason).toBe('logout');
    expect(await gone).toBe('io server disconnect');
    // And the token can no longer open a new connection.
    expect((await refused(track(connect(api.baseUrl, token)))).data?.code).toBe('UNAUTHORIZED');
  });
});

describe('realtime token expiry', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('pglite', { DEMO_SEED: 'true', JWT_EXPIRES_IN: '10s' });
  });
  afterAll(() => api.close());

  it('ends a socket whose token expires without renewal, and keeps a renewed one', async () => {
    const call = apiClient(api.baseUrl);
    // Everything slow (sign-ins hash passwords) happens before the 10 s clock starts.
    const other = await signIn(api, 'agent6@poscalls4u.test');
    const login = await call('POST', '/api/auth/login', {
      body: { email: 'agent5@poscalls4u.test', password: DEMO.password },
    });
    const { token, refreshToken } = login.body.data;
    const expiring = connect(api.baseUrl, token);
    const renewed = connect(api.baseUrl, token);
    await Promise.all([connected(expiring), connected(renewed)]);
    const expired = nextEvent<{ reason: string }>(expiring, 'session:ended', 15_000);

    // A token of another session is refused...
    expect(await renewed.emitWithAck('auth:renew', other.token)).toEqual({
      ok: false,
      code: 'UNAUTHORIZED',
    });
    // ...a fresh token of the socket's own session (from a refresh) is taken. Token expiries are
    // whole seconds: refresh in a later second than the sign-in so the new token outlives the old.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const refreshed = await call('POST', '/api/auth/refresh', { body: { refreshToken } });
    expect(await renewed.emitWithAck('auth:renew', refreshed.body.data.token)).toEqual({
      ok: true,
    });

    expect((await expired).reason).toBe('token_expired');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(expiring.connected).toBe(false);
    expect(renewed.connected).toBe(true);
    expiring.close();
    renewed.close();
  });
});

const redisUrl = process.env.REDIS_URL;
const describeWithRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) process.stderr.write('Realtime Redis suite skipped: REDIS_URL is not set.\n');

describeWithRedis('realtime across two API instances through Redis (needs REDIS_URL)', () => {
  const prefix = `test-${randomBytes(6).toString('hex')}`;
  let first: TestApi;
  let second: TestApi;
  beforeAll(async () => {
    const env = { DEMO_SEED: 'true', REDIS_URL: redisUrl as string, QUEUE_PREFIX: prefix };
    const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
    first = await startTestApi(kind, env);
    // The second instance must share the first one's database for the sessions to be the same.
    second =
      kind === 'postgres' ? await startTestApi(kind, env, { shareDatabaseOf: first }) : first;
  });
  afterAll(async () => {
    if (second !== first) await second.close();
    await first.close();
    const redis = new Redis(redisUrl as string);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('delivers an event published on one instance to a socket on the other', async () => {
    const { token, userId } = await signIn(first, 'agent7@poscalls4u.test');
    const socket = connect(second.baseUrl, token);
    await connected(socket);
    const received = nextEvent<{ title: string }>(socket, 'notification');
    first.app.get(RealtimeService).toUser(userId, 'notification', {
      id: 'n2',
      level: 'warning',
      title: 'Across instances',
      message: 'Through Redis',
      at: new Date().toISOString(),
    });
    expect((await received).title).toBe('Across instances');
    socket.close();
  });

  it('a logout on one instance disconnects the socket on the other', async () => {
    const { token } = await signIn(first, 'agent8@poscalls4u.test');
    const socket = connect(second.baseUrl, token);
    await connected(socket);
    const gone = disconnected(socket);
    // The second instance has served (and cached) this session before the logout.
    expect((await apiClient(second.baseUrl)('GET', '/api/auth/profile', { token })).status).toBe(
      200,
    );
    await apiClient(first.baseUrl)('POST', '/api/auth/logout', { token });
    expect(await gone).toBe('io server disconnect');
    expect((await apiClient(second.baseUrl)('GET', '/api/auth/profile', { token })).status).toBe(
      401,
    );
  });
});
