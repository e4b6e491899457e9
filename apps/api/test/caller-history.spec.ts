import { Socket, io } from 'socket.io-client';

import { CallOfferedEvent, CurrentCallResult } from '@poscalls4u/contracts';

import { Call, createTeam, signInAll } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const CALLER = '+15550111';

describe.each(DATABASES)("the caller's history on an offer, on %s", (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let teamA: string;
  let teamB: string;
  const sockets: Socket[] = [];

  const presence = (name: string, status: string) =>
    call('PUT', '/api/presence/me', { token: tokens[name], body: { status } });
  const queue = async (teamId: string, from: string, supervisor = 'supervisor1') => {
    const queued = await call('POST', '/api/calls', {
      token: tokens[supervisor],
      body: { teamId, from, to: '+15550199' },
    });
    expect(queued.status).toBe(201);
    return queued.body.data.call;
  };
  const act = (name: string, callId: string, action: string, body?: unknown) =>
    call('POST', `/api/calls/${callId}/${action}`, { token: tokens[name], body });
  /** Queues a call that rings at `name` (the team's only available agent) and works it through. */
  const handled = async (
    name: string,
    teamId: string,
    from: string,
    disposition: string,
    notes?: string,
  ) => {
    await presence(name, 'available');
    const queued = await queue(teamId, from, teamId === teamA ? 'supervisor1' : 'supervisor2');
    expect(queued).toMatchObject({ state: 'offered', agent: { id: ids[name] } });
    expect((await act(name, queued.id, 'answer')).status).toBe(200);
    expect((await act(name, queued.id, 'end')).status).toBe(200);
    expect(
      (await act(name, queued.id, 'wrap-up', { disposition, ...(notes ? { notes } : {}) })).status,
    ).toBe(200);
    await presence(name, 'offline');
    return queued.id as string;
  };

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, [
      'admin',
      'supervisor1',
      'supervisor2',
      'agent1',
      'agent2',
      'agent4',
    ]));
    teamA = await createTeam(call, tokens.supervisor1, 'History A', [ids.agent1, ids.agent2]);
    teamB = await createTeam(call, tokens.supervisor2, 'History B', [ids.agent4]);
    for (const name of ['agent1', 'agent2', 'agent4']) await presence(name, 'offline');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api.close();
  });

  it('shows the last 5 calls from the number to the team, and their count, on the offer and on the current call', async () => {
    const earlier: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      earlier.push(
        await handled(
          'agent1',
          teamA,
          CALLER,
          index === 5 ? 'callback' : 'resolved',
          index === 5 ? 'Wants a refund by Friday' : undefined,
        ),
      );
    }
    // Neither another team's call from the number nor the team's calls from another number count.
    await handled('agent4', teamB, CALLER, 'resolved');
    await handled('agent1', teamA, '+15550222', 'resolved');

    const socket = io(api.baseUrl, {
      auth: { token: tokens.agent2 },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const offered = new Promise<CallOfferedEvent>((resolve) =>
      socket.once('call:offered', resolve),
    );
    await presence('agent2', 'available');
    const ringing = await queue(teamA, CALLER);
    const offer = await offered;
    expect(offer.call.id).toBe(ringing.id);

    const newestFirst = earlier.slice(1).reverse();
    expect(offer.callerHistory.total).toBe(6);
    expect(offer.callerHistory.calls.map((item) => item.id)).toEqual(newestFirst);
    expect(offer.callerHistory.calls[0]).toMatchObject({
      direction: 'inbound',
      state: 'completed',
      disposition: { code: 'callback' },
      agent: { id: ids.agent1 },
      teamName: 'History A',
      notes: 'Wants a refund by Friday',
    });
    expect(offer.callerHistory.calls[1]?.notes).toBeNull();
    expect(offer.callerHistory.crmUrl).toBeNull();
    expect(offer.callerHistory.calls[0]?.agent?.name).not.toBe('');
    expect(typeof offer.callerHistory.calls[0]?.handleSeconds).toBe('number');
    expect(Date.parse(offer.callerHistory.calls[0]?.at ?? '')).not.toBeNaN();

    const current = await call('GET', '/api/calls/current', { token: tokens.agent2 });
    const data = current.body.data as CurrentCallResult;
    expect(data.call?.id).toBe(ringing.id);
    expect(data.callerHistory).toEqual(offer.callerHistory);

    expect((await act('agent2', ringing.id, 'reject')).status).toBe(200);
    await presence('agent2', 'offline');
  });

  it('gives a first-time caller an empty history, and no history without a call', async () => {
    await presence('agent4', 'available');
    const ringing = await queue(teamB, '+15550333', 'supervisor2');
    expect(ringing.agent?.id).toBe(ids.agent4);
    const current = await call('GET', '/api/calls/current', { token: tokens.agent4 });
    expect(current.body.data.callerHistory).toEqual({ calls: [], total: 0, crmUrl: null });
    expect((await act('agent4', ringing.id, 'reject')).status).toBe(200);
    await presence('agent4', 'offline');

    const idle = await call('GET', '/api/calls/current', { token: tokens.agent2 });
    expect(idle.body.data).toEqual({ call: null, callerHistory: null, assist: null });
  });

  it("links the caller in the team's CRM when the team has a URL template", async () => {
    const template = 'https://crm.example.com/search?phone={from}&source=poscalls';
    // Only an https URL with {from} is taken; the team's supervisor sets it.
    for (const bad of ['http://crm.example.com/?p={from}', 'https://crm.example.com/search']) {
      const refused = await call('PUT', `/api/teams/${teamB}`, {
        token: tokens.supervisor2,
        body: { crmUrlTemplate: bad },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    }
    const set = await call('PUT', `/api/teams/${teamB}`, {
      token: tokens.supervisor2,
      body: { crmUrlTemplate: template },
    });
    expect(set.status).toBe(200);
    expect(set.body.data.team.crmUrlTemplate).toBe(template);

    await presence('agent4', 'available');
    const ringing = await queue(teamB, CALLER, 'supervisor2');
    const current = await call('GET', '/api/calls/current', { token: tokens.agent4 });
    expect(current.body.data.callerHistory).toMatchObject({
      total: 1,
      crmUrl: 'https://crm.example.com/search?phone=%2B15550111&source=poscalls',
    });
    expect((await act('agent4', ringing.id, 'reject')).status).toBe(200);
    await presence('agent4', 'offline');

    // An empty template removes it.
    const cleared = await call('PUT', `/api/teams/${teamB}`, {
      token: tokens.supervisor2,
      body: { crmUrlTemplate: '' },
    });
    expect(cleared.body.data.team.crmUrlTemplate).toBeNull();
  });
});
