import { Socket, io } from 'socket.io-client';

import { Call, createTeam, signInAll, waitFor } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const AGENTS = ['agent1', 'agent2'];

function socketFor(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * The agent's "next status" (issue 15, defect 9), the state after an outbound call (defect 10)
 * and an explicit sign-out (defect 10): the presence rules around the end of a call.
 */
describe.each(DATABASES)('next status and the state after a call on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let teamId: string;

  const presence = (name: string, status: string, reason?: string) =>
    call('PUT', '/api/presence/me', { token: tokens[name], body: { status, reason } });
  const setNext = (name: string, body: unknown) =>
    call('PUT', '/api/presence/me/next', { token: tokens[name], body });
  const presenceOf = async (name: string) =>
    (await call('GET', '/api/presence', { token: tokens.admin })).body.data.items.find(
      (view: { userId: string }) => view.userId === ids[name],
    );
  const act = (name: string, callId: string, action: string, body?: unknown) =>
    call('POST', `/api/calls/${callId}/${action}`, { token: tokens[name], body });
  const queue = () =>
    call('POST', '/api/calls', {
      token: tokens.supervisor1,
      body: { teamId, from: '+15550100', to: '+15550199' },
    });

  beforeAll(async () => {
    // A long grace: only an explicit sign-out may take the agent offline within these tests.
    api = await startTestApi(kind, { DEMO_SEED: 'true', PRESENCE_OFFLINE_GRACE: '120s' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', ...AGENTS]));
    teamId = await createTeam(call, tokens.supervisor1, 'Next status team', [
      ids.agent1,
      ids.agent2,
    ]);
  });
  afterEach(async () => {
    for (const name of AGENTS) await presence(name, 'offline');
  });
  afterAll(() => api.close());

  it('puts the agent on the break they asked for when wrap-up ends, before routing offers the waiting call', async () => {
    await presence('agent1', 'available');
    const first = (await queue()).body.data.call;
    expect(first).toMatchObject({ state: 'offered', agent: { id: ids.agent1 } });
    expect((await act('agent1', first.id, 'answer')).status).toBe(200);

    const asked = await setNext('agent1', { status: 'break', reason: 'lunch' });
    expect(asked.status).toBe(200);
    expect(asked.body.data.presence).toMatchObject({
      status: 'on_call',
      next: { status: 'break', reason: { code: 'lunch', label: 'Lunch' } },
    });
    // A second caller waits while agent1 works the first call.
    const second = (await queue()).body.data.call;
    expect(second.state).toBe('queued');

    expect((await act('agent1', first.id, 'end')).status).toBe(200);
    expect((await presenceOf('agent1')).next).toMatchObject({ status: 'break' });
    const done = await act('agent1', first.id, 'wrap-up', { disposition: 'resolved' });
    expect(done.status).toBe(200);

    expect(await presenceOf('agent1')).toMatchObject({
      status: 'break',
      reason: { code: 'lunch' },
      next: null,
    });
    // Routing ran after the wrap-up: the waiting call is still queued, offered to nobody.
    const waiting = await call('GET', `/api/calls/${second.id}`, { token: tokens.admin });
    expect(waiting.body.data.call).toMatchObject({ state: 'queued', agent: null });
    expect((await call('GET', '/api/calls/current', { token: tokens.agent1 })).body.data.call).toBe(
      null,
    );

    // Back from the break by hand: the waiting call rings.
    await presence('agent1', 'available');
    await waitFor(
      async () =>
        (await call('GET', '/api/calls/current', { token: tokens.agent1 })).body.data.call,
      (current) => current?.id === second.id,
      5_000,
      'the waiting call to ring',
    );
    expect((await act('agent1', second.id, 'answer')).status).toBe(200);
    expect((await act('agent1', second.id, 'end')).status).toBe(200);
    expect((await act('agent1', second.id, 'wrap-up', { disposition: 'resolved' })).status).toBe(
      200,
    );
    // Without a next status, an offered call ends where it began: available.
    expect((await presenceOf('agent1')).status).toBe('available');
  });

  it('refuses a next status without a call or of another kind, and forgets it on a change by hand', async () => {
    await presence('agent2', 'available');
    const noCall = await setNext('agent2', { status: 'break', reason: 'lunch' });
    expect(noCall.status).toBe(409);
    expect(noCall.body.error.code).toBe('INVALID_STATE');

    const ringing = (await queue()).body.data.call;
    expect(ringing.agent.id).toBe(ids.agent2);
    expect((await setNext('agent2', { status: 'offline' })).status).toBe(400);
    expect((await setNext('agent2', { status: 'break' })).status).toBe(400);
    expect((await setNext('agent2', { status: 'break', reason: 'missed' })).status).toBe(400);
    // While the call rings the agent may already say what comes after it.
    const asked = await setNext('agent2', { status: 'break', reason: 'meeting' });
    expect(asked.body.data.presence.next).toMatchObject({ status: 'break' });
    const cleared = await call('DELETE', '/api/presence/me/next', { token: tokens.agent2 });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data.presence.next).toBeNull();

    await setNext('agent2', { status: 'break', reason: 'meeting' });
    // A state chosen by hand replaces the pending one (here it also gives the ringing call back).
    await presence('agent2', 'offline');
    expect(await presenceOf('agent2')).toMatchObject({ status: 'offline', next: null });
  });

  it('returns an agent who dialled out on a break to that break, unless they asked for another state', async () => {
    await presence('agent1', 'break', 'lunch');
    const dialled = await call('POST', '/api/calls/outbound', {
      token: tokens.agent1,
      body: { teamId, to: '+15550123' },
    });
    expect(dialled.status).toBe(201);
    expect((await presenceOf('agent1')).status).toBe('on_call');
    expect((await act('agent1', dialled.body.data.call.id, 'failed')).status).toBe(200);
    expect(await presenceOf('agent1')).toMatchObject({
      status: 'break',
      reason: { code: 'lunch' },
    });

    const again = (
      await call('POST', '/api/calls/outbound', {
        token: tokens.agent1,
        body: { teamId, to: '+15550124' },
      })
    ).body.data.call;
    await act('agent1', again.id, 'connected');
    await setNext('agent1', { status: 'available' });
    await act('agent1', again.id, 'end');
    await act('agent1', again.id, 'wrap-up', { disposition: 'resolved' });
    expect(await presenceOf('agent1')).toMatchObject({ status: 'available', next: null });
  });

  it('takes an agent offline at once when they sign out, not after the grace', async () => {
    const login = await call('POST', '/api/auth/login', {
      body: { email: 'agent2@poscalls4u.test', password: 'poscalls4u-demo' },
    });
    const token = login.body.data.token;
    const socket = await socketFor(api.baseUrl, token);
    try {
      await call('PUT', '/api/presence/me', { token, body: { status: 'available' } });
      expect((await presenceOf('agent2')).status).toBe('available');
      expect((await call('POST', '/api/auth/logout', { token })).status).toBe(200);
      // The grace is 120 s here: offline within a few seconds means the sign-out did it.
      await waitFor(
        () => presenceOf('agent2'),
        (view) => view.status === 'offline',
        5_000,
        'agent2 offline after signing out',
      );
    } finally {
      socket.disconnect();
    }
  });

  it('keeps an agent who signs out of one session available while another is connected', async () => {
    const login = await call('POST', '/api/auth/login', {
      body: { email: 'agent1@poscalls4u.test', password: 'poscalls4u-demo' },
    });
    const token = login.body.data.token;
    const socket = await socketFor(api.baseUrl, token);
    const other = await socketFor(api.baseUrl, tokens.agent1);
    try {
      await presence('agent1', 'available');
      expect((await call('POST', '/api/auth/logout', { token })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await presenceOf('agent1')).status).toBe('available');
    } finally {
      socket.disconnect();
      other.disconnect();
    }
  });
});
