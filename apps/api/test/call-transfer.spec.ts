import { verifySignature } from '@poscalls4u/server-integrations';

import { callFloor } from './support/call-floor';
import { waitFor } from './support/calls';
import { DATABASES } from './support/test-api';

describe.each(DATABASES)('blind transfers, on %s', (kind) => {
  const floor = callFloor();
  const { call, tokens, ids, teams, integration, deliveries, externalIds } = floor;
  const { presence, act, detailOf, pbx, settle, endAndWrapUp } = floor;
  const transfer = (name: string, callId: string, target: unknown) =>
    act(name, callId, 'transfer', { target });
  const sentOf = (callId: string, type: string) =>
    floor.sent(callId, type).map(({ action }) => action);
  /** The PBX queues a call; it rings at agent1, the team's only available agent. */
  const ringing = async () => (await floor.offered('agent1', teams.Transfers)).callId;

  beforeAll(() =>
    floor.open(kind, {
      users: ['admin', 'supervisor1', 'agent1', 'agent2', 'agent3'],
      teams: { Transfers: ['agent1'], Billing: ['agent2'] },
      pbx: 'Transfer PBX',
    }),
  );
  afterEach(() => floor.offline(['agent1', 'agent2']));
  afterAll(() => floor.close());

  it('hands the caller to the number: the call completes as transferred, the agent is free and the PBX gets a signed call.transfer', async () => {
    const callId = await ringing();
    expect((await act('agent1', callId, 'answer')).status).toBe(200);
    expect((await act('agent1', callId, 'hold')).status).toBe(200);

    const done = await transfer('agent1', callId, { type: 'number', to: '+15550177' });
    expect(done.status).toBe(200);
    expect(done.body.data.call).toMatchObject({ id: callId, state: 'completed' });

    const detail = await detailOf(callId);
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'transferred',
      fromState: 'on_hold',
      toState: 'completed',
      agent: { id: ids.agent1 },
      details: { target: { type: 'number', to: '+15550177' } },
    });
    const everyone = (await call('GET', '/api/presence', { token: tokens.admin })).body.data.items;
    expect(everyone.find((view: { userId: string }) => view.userId === ids.agent1)).toMatchObject({
      status: 'available',
    });
    expect((await call('GET', '/api/calls/current', { token: tokens.agent1 })).body.data.call).toBe(
      null,
    );

    await settle();
    const sent = deliveries.filter(({ action }) => action.type === 'call.transfer');
    expect(sent).toHaveLength(1);
    expect(verifySignature(sent[0]?.signature ?? '', integration.secret, sent[0]?.body ?? '')).toBe(
      'valid',
    );
    expect(JSON.parse(sent[0]?.body ?? '{}')).toMatchObject({
      type: 'call.transfer',
      callId,
      agent: { id: ids.agent1 },
      target: { type: 'number', to: '+15550177' },
    });
  });

  it('refuses a bad target, a call not yet answered, and anyone but its agent', async () => {
    const callId = await ringing();
    const target = { type: 'number', to: '+15550177' };
    // Ringing, not connected: nothing to hand on yet.
    expect((await transfer('agent1', callId, target)).status).toBe(409);
    expect((await act('agent1', callId, 'answer')).status).toBe(200);

    for (const bad of [
      undefined,
      { type: 'queue', to: '+15550177' },
      { type: 'number' },
      { type: 'number', to: 'x' },
    ]) {
      const refused = await transfer('agent1', callId, bad);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    }
    // The team's supervisor sees the call but does not work it; another agent does not see it.
    expect((await transfer('supervisor1', callId, target)).status).toBe(403);
    expect((await transfer('agent2', callId, target)).status).toBe(404);

    // Still the agent's, connected: end it as usual.
    await endAndWrapUp('agent1', callId);
  });

  it("sends the caller to another team's queue: same call, a closed segment, rung at that team's agent, audited", async () => {
    const callId = await ringing();
    expect((await act('agent1', callId, 'answer')).status).toBe(200);
    expect((await act('agent1', callId, 'hold')).status).toBe(200);
    const arrival = (await detailOf(callId)).queuedAt;

    const moved = await transfer('agent1', callId, { type: 'queue', teamId: teams.Billing });
    expect(moved.status).toBe(200);
    expect(moved.body.data.call).toMatchObject({ id: callId, teamId: teams.Billing });
    expect(['queued', 'offered']).toContain(moved.body.data.call.state);
    // agent1 is free at once; the call keeps its arrival (its place in line).
    expect((await call('GET', '/api/calls/current', { token: tokens.agent1 })).body.data.call).toBe(
      null,
    );
    expect((await detailOf(callId)).queuedAt).toBe(arrival);

    // Billing's agent comes in: routing offers the call, they answer and finish it.
    await presence('agent2', 'available');
    await waitFor(
      () => detailOf(callId),
      (view) => view.state === 'offered' && view.agent?.id === ids.agent2,
      10_000,
      'the offer to agent2',
    );
    expect((await act('agent2', callId, 'answer')).status).toBe(200);
    await endAndWrapUp('agent2', callId);

    const detail = await detailOf(callId);
    expect(detail.segments).toHaveLength(2);
    expect(detail.segments[0]).toMatchObject({
      seq: 1,
      teamId: teams.Transfers,
      agent: { id: ids.agent1 },
      afterCallWorkSeconds: null,
      transferredTo: { type: 'queue', teamId: teams.Billing },
    });
    expect(detail.segments[1]).toMatchObject({
      seq: 2,
      teamId: teams.Billing,
      agent: { id: ids.agent2 },
      transferredTo: null,
    });
    expect(detail.segments[1].afterCallWorkSeconds).not.toBeNull();
    expect(detail.timeline.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['transferred', 'offered', 'connected', 'wrapped_up']),
    );
    // agent2 now sees the call; the transfer is audited.
    expect((await call('GET', `/api/calls/${callId}`, { token: tokens.agent2 })).status).toBe(200);
    const audit = await call('GET', '/api/audit?action=calls.transferred', { token: tokens.admin });
    expect(audit.status).toBe(200);
    expect(
      audit.body.data.items.some(
        (entry: { details: { callId?: string } }) => entry.details.callId === callId,
      ),
    ).toBe(true);

    await settle();
    expect(sentOf(callId, 'call.transfer')[0]).toMatchObject({
      agent: { id: ids.agent1 },
      target: { type: 'queue', teamId: teams.Billing },
    });
  });

  it('offers the call to a named agent when available, refuses with 409 AGENT_UNAVAILABLE otherwise', async () => {
    // agent3 joins the team as an agent but stays offline.
    const added = await call('POST', `/api/teams/${teams.Transfers}/members`, {
      token: tokens.supervisor1,
      body: { userId: ids.agent3, role: 'agent' },
    });
    expect([200, 201]).toContain(added.status);
    const callId = await ringing();
    expect((await act('agent1', callId, 'answer')).status).toBe(200);

    const refused = await transfer('agent1', callId, { type: 'agent', agentId: ids.agent3 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('AGENT_UNAVAILABLE');
    // Not an agent of the team: 404; the caller is still agent1's.
    const stranger = await transfer('agent1', callId, { type: 'agent', agentId: ids.agent2 });
    expect(stranger.status).toBe(404);
    expect((await detailOf(callId)).state).toBe('connected');

    // agent2 of Billing, available: rings at them at once.
    await presence('agent2', 'available');
    const offered = await transfer('agent1', callId, {
      type: 'agent',
      agentId: ids.agent2,
      teamId: teams.Billing,
    });
    expect(offered.status).toBe(200);
    expect(offered.body.data.call).toMatchObject({
      state: 'offered',
      teamId: teams.Billing,
      agent: { id: ids.agent2 },
    });
    expect(
      (await call('GET', '/api/calls/current', { token: tokens.agent2 })).body.data.call,
    ).toMatchObject({ id: callId, state: 'offered' });
    expect((await act('agent2', callId, 'answer')).status).toBe(200);
    await endAndWrapUp('agent2', callId);
    await settle();
    expect(sentOf(callId, 'call.offered').length).toBeGreaterThanOrEqual(2);
  });

  it('lists where an agent may transfer: every active team, the agents of their teams with their state', async () => {
    await presence('agent1', 'available');
    const targets = await call('GET', '/api/calls/transfer-targets', { token: tokens.agent1 });
    expect(targets.status).toBe(200);
    const { teams: listed, agents } = targets.body.data;
    expect(listed).toEqual(
      expect.arrayContaining([
        { id: teams.Transfers, name: 'Transfers' },
        { id: teams.Billing, name: 'Billing' },
      ]),
    );
    // agent1's own team: agent3 (added above), never agent1 itself, nor Billing's agent2.
    const ids3 = agents.map((agent: { id: string }) => agent.id);
    expect(ids3).not.toContain(ids.agent1);
    expect(ids3).not.toContain(ids.agent2);
    expect(agents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: ids.agent3,
          teamId: teams.Transfers,
          teamName: 'Transfers',
          status: 'offline',
        }),
      ]),
    );
    expect((await call('GET', '/api/calls/transfer-targets')).status).toBe(401);
  });

  it('refuses bad queue and agent targets with the error envelope', async () => {
    const callId = await ringing();
    expect((await act('agent1', callId, 'answer')).status).toBe(200);
    for (const bad of [
      { type: 'queue' },
      { type: 'queue', teamId: 'x' },
      { type: 'agent' },
      { type: 'agent', agentId: ids.agent1 },
      { type: 'fax', to: '+15550177' },
    ]) {
      const refused = await transfer('agent1', callId, bad);
      expect({ bad, status: refused.status }).toEqual({ bad, status: 400 });
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    }
    const missing = await transfer('agent1', callId, {
      type: 'queue',
      teamId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    await endAndWrapUp('agent1', callId);
  });

  it("takes the PBX's call.transferred: a confirmation is acknowledged, a transfer at the phone is recorded", async () => {
    // Our transfer to a number, confirmed by the PBX: nothing changes.
    const confirmed = await ringing();
    expect((await act('agent1', confirmed, 'answer')).status).toBe(200);
    expect((await transfer('agent1', confirmed, { type: 'number', to: '+15550177' })).status).toBe(
      200,
    );
    const ack = await pbx({
      type: 'call.transferred',
      callId: externalIds.get(confirmed),
      transferTo: '+15550177',
    });
    expect(ack).toMatchObject({ outcome: 'ignored', callId: confirmed });

    // The agent pressed the phone's transfer key: the PBX tells us the caller went to Billing.
    const atPhone = await ringing();
    expect((await act('agent1', atPhone, 'answer')).status).toBe(200);
    const reported = await pbx({
      type: 'call.transferred',
      callId: externalIds.get(atPhone),
      transferTeamId: teams.Billing,
    });
    expect(reported).toMatchObject({ outcome: 'applied', callId: atPhone });
    const detail = await detailOf(atPhone);
    expect(detail).toMatchObject({ state: 'queued', teamId: teams.Billing });
    expect(detail.segments[0]).toMatchObject({
      agent: { id: ids.agent1 },
      transferredTo: { type: 'queue', teamId: teams.Billing },
    });
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'transferred', source: 'pbx' });
    expect((await call('GET', '/api/calls/current', { token: tokens.agent1 })).body.data.call).toBe(
      null,
    );
    // The same report again, and one for a team that does not exist: acknowledged, ignored.
    expect(
      await pbx({
        type: 'call.transferred',
        callId: externalIds.get(atPhone),
        transferTeamId: teams.Billing,
      }),
    ).toMatchObject({ outcome: 'ignored', reason: 'the transfer is recorded already' });

    // The caller hangs up while waiting in Billing's queue: the call ends, and is no abandon
    // (it was answered before the transfer).
    expect(await pbx({ type: 'call.abandoned', callId: externalIds.get(atPhone) })).toMatchObject({
      outcome: 'applied',
    });
    expect((await detailOf(atPhone)).state).toBe('abandoned');
  });

  it('a transfer racing a hang-up: whichever comes second finds the call moved on', async () => {
    const callId = await ringing();
    expect((await act('agent1', callId, 'answer')).status).toBe(200);
    const [moved, ended] = await Promise.all([
      transfer('agent1', callId, { type: 'queue', teamId: teams.Billing }),
      pbx({ type: 'call.ended', callId: externalIds.get(callId) }),
    ]);
    const detail = await detailOf(callId);
    if (moved.status === 200) {
      // Transferred first: the hang-up of the queued caller abandons it (no wrap-up for anyone).
      expect(ended.outcome).toBe('applied');
      expect(detail.state).toBe('abandoned');
      expect(detail.segments).toHaveLength(2);
    } else {
      // Hung up first: the agent wraps up; the transfer was refused as the call had ended.
      expect(moved.status).toBe(409);
      expect(moved.body.error.code).toBe('INVALID_STATE');
      expect(detail.state).toBe('wrap_up');
      expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(
        200,
      );
    }
    const everyone = (await call('GET', '/api/presence', { token: tokens.admin })).body.data.items;
    expect(everyone.find((view: { userId: string }) => view.userId === ids.agent1)).toMatchObject({
      status: 'available',
    });
  });
});
