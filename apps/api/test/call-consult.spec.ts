import { CallUpdatedEvent } from '@poscalls4u/contracts';
import { verifySignature } from '@poscalls4u/server-integrations';

import { callFloor } from './support/call-floor';
import { waitFor } from './support/calls';
import { record } from './support/chat';
import { DATABASES } from './support/test-api';

describe.each(DATABASES)('consult (warm) transfers, on %s', (kind) => {
  const floor = callFloor();
  const { call, tokens, ids, teams, integration } = floor;
  const { presence, act, statusOf, detailOf, sent, pbx, connect, settle, endAndWrapUp } = floor;
  const consult = (name: string, callId: string, target: unknown) =>
    act(name, callId, 'consult', { target });
  /** The PBX queues a call; agent1 (the only one available) answers it. Answers both ids. */
  const connected = () => floor.answered('agent1', teams.Consults);

  beforeAll(() =>
    floor.open(kind, {
      users: ['admin', 'supervisor1', 'agent1', 'agent2', 'agent3'],
      teams: { Consults: ['agent1', 'agent2', 'agent3'] },
      pbx: 'Consult PBX',
    }),
  );
  afterEach(() => floor.offline(['agent1', 'agent2', 'agent3']));
  afterAll(() => floor.close());

  it('holds the caller, consults an available agent (both agents hear of it), then completes: the call is theirs in a new segment, counted as a transfer', async () => {
    const { callId } = await connected();
    await presence('agent2', 'available');
    const seen: Record<string, CallUpdatedEvent[]> = {};
    for (const name of ['agent1', 'agent2'] as const) {
      seen[name] = record<CallUpdatedEvent>(await connect(name), 'call:updated');
    }

    const started = await consult('agent1', callId, { type: 'agent', agentId: ids.agent2 });
    expect(started.status).toBe(200);
    expect(started.body.data.call).toMatchObject({
      state: 'on_hold',
      agent: { id: ids.agent1 },
      consult: {
        target: { type: 'agent', agentId: ids.agent2 },
        agent: { id: ids.agent2 },
      },
    });
    // agent2 is reserved for the consult: on a call, and no other call rings at them.
    expect(await statusOf(ids.agent2)).toBe('on_call');
    for (const name of ['agent1', 'agent2'] as const) {
      await waitFor(
        async () => seen[name] ?? [],
        (events) =>
          events.some(
            (payload) =>
              payload.call.id === callId &&
              payload.event.type === 'consult_started' &&
              payload.call.consult?.agent?.id === ids.agent2,
          ),
        5_000,
        `consult_started to ${name}`,
      );
    }
    // While it is open the caller stays held: hold, resume, end and a blind transfer wait.
    for (const action of ['resume', 'end']) {
      const refused = await act('agent1', callId, action);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('INVALID_STATE');
    }
    expect(
      (await act('agent1', callId, 'transfer', { target: { type: 'number', to: '+15550177' } }))
        .status,
    ).toBe(409);
    // One consult at a time.
    expect((await consult('agent1', callId, { type: 'number', to: '+15550177' })).status).toBe(409);

    const done = await act('agent1', callId, 'consult/complete');
    expect(done.status).toBe(200);
    expect(done.body.data.call).toMatchObject({
      state: 'connected',
      agent: { id: ids.agent2 },
      consult: null,
    });
    expect(await statusOf(ids.agent1)).toBe('available');
    expect(
      (await call('GET', '/api/calls/current', { token: tokens.agent2 })).body.data.call,
    ).toMatchObject({ id: callId, state: 'connected' });
    await waitFor(
      async () => seen.agent2 ?? [],
      (events) =>
        events.some(
          (payload) => payload.call.id === callId && payload.call.agent?.id === ids.agent2,
        ),
      5_000,
      'the completed consult to agent2',
    );

    await endAndWrapUp('agent2', callId);
    const detail = await detailOf(callId);
    expect(detail.segments).toHaveLength(2);
    expect(detail.segments[0]).toMatchObject({
      agent: { id: ids.agent1 },
      transferredTo: { type: 'agent', agentId: ids.agent2 },
    });
    expect(detail.segments[1]).toMatchObject({ agent: { id: ids.agent2 }, transferredTo: null });
    expect(detail.timeline.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['consult_started', 'transferred', 'connected', 'wrapped_up']),
    );

    // Audited, and the PBX was told each step, signed.
    const audit = await call('GET', '/api/audit?action=calls.consult_ended', {
      token: tokens.admin,
    });
    expect(
      audit.body.data.items.some(
        (entry: { details: { callId?: string; result?: string } }) =>
          entry.details.callId === callId && entry.details.result === 'completed',
      ),
    ).toBe(true);
    await settle();
    const [sentStart] = sent(callId, 'call.consult');
    expect(sentStart?.action).toMatchObject({
      agent: { id: ids.agent1 },
      target: { type: 'agent', agentId: ids.agent2 },
    });
    expect(
      verifySignature(sentStart?.signature ?? '', integration.secret, sentStart?.body ?? ''),
    ).toBe('valid');
    expect(sent(callId, 'call.consult_complete')).toHaveLength(1);
  });

  it('cancels: the consulted agent is free again and the agent has the caller back', async () => {
    const { callId } = await connected();
    await presence('agent2', 'available');
    expect((await act('agent1', callId, 'consult/cancel')).status).toBe(409);
    expect((await consult('agent1', callId, { type: 'agent', agentId: ids.agent2 })).status).toBe(
      200,
    );

    const cancelled = await act('agent1', callId, 'consult/cancel');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data.call).toMatchObject({
      state: 'connected',
      agent: { id: ids.agent1 },
      consult: null,
    });
    expect(await statusOf(ids.agent2)).toBe('available');
    expect((await act('agent1', callId, 'consult/complete')).status).toBe(409);
    await settle();
    expect(sent(callId, 'call.consult_cancel')[0]?.action).toMatchObject({
      target: { type: 'agent', agentId: ids.agent2 },
    });

    await endAndWrapUp('agent1', callId);
    const detail = await detailOf(callId);
    expect(detail.segments).toHaveLength(1);
    expect(detail.timeline.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['consult_started', 'consult_cancelled']),
    );
  });

  it('consults a number from a held call and completes: the call leaves the platform', async () => {
    const { callId } = await connected();
    expect((await act('agent1', callId, 'hold')).status).toBe(200);
    const started = await consult('agent1', callId, { type: 'number', to: '+15550177' });
    expect(started.status).toBe(200);
    expect(started.body.data.call).toMatchObject({
      state: 'on_hold',
      consult: { target: { type: 'number', to: '+15550177' }, agent: null },
    });
    const done = await act('agent1', callId, 'consult/complete');
    expect(done.status).toBe(200);
    expect(done.body.data.call).toMatchObject({ state: 'completed', consult: null });
    expect(await statusOf(ids.agent1)).toBe('available');
  });

  it('refuses bad targets, unavailable agents and anyone but the call agent', async () => {
    const { callId } = await connected();
    for (const bad of [
      undefined,
      { type: 'queue', teamId: teams.Consults },
      { type: 'number' },
      { type: 'agent', agentId: 'x' },
    ]) {
      const refused = await consult('agent1', callId, bad);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    }
    // agent3 is offline.
    const busy = await consult('agent1', callId, { type: 'agent', agentId: ids.agent3 });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('AGENT_UNAVAILABLE');
    expect((await consult('agent1', callId, { type: 'agent', agentId: ids.agent1 })).status).toBe(
      400,
    );
    expect((await consult('supervisor1', callId, { type: 'number', to: '+15550177' })).status).toBe(
      403,
    );
    expect((await act('supervisor1', callId, 'consult/cancel')).status).toBe(403);
    // Nothing changed: still agent1's, connected.
    expect(await detailOf(callId)).toMatchObject({ state: 'connected', consult: null });
    await endAndWrapUp('agent1', callId);
  });

  it('a caller who hangs up during a consult frees the consulted agent', async () => {
    const { callId, externalId } = await connected();
    await presence('agent2', 'available');
    expect((await consult('agent1', callId, { type: 'agent', agentId: ids.agent2 })).status).toBe(
      200,
    );
    const ended = await pbx({ type: 'call.ended', callId: externalId });
    expect(ended.outcome).toBe('applied');
    const after = await detailOf(callId);
    expect(after.consult).toBeNull();
    expect(await statusOf(ids.agent2)).toBe('available');
    if (after.state === 'wrap_up') {
      expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(
        200,
      );
    }
  });
});
