import { CallAssistEvent, CallSupervisorNotice } from '@poscalls4u/contracts';
import { verifySignature } from '@poscalls4u/server-integrations';

import { callFloor } from './support/call-floor';
import { waitFor } from './support/calls';
import { record } from './support/chat';
import { DATABASES } from './support/test-api';

describe.each(DATABASES)('supervisor assist (listen, whisper, barge), on %s', (kind) => {
  const floor = callFloor();
  const { call, tokens, ids, teams, integration, deliveries } = floor;
  const { act, pbx, connect, settle, endAndWrapUp } = floor;

  const assist = (name: string, callId: string, mode: unknown) =>
    call('POST', `/api/calls/${callId}/assist`, { token: tokens[name], body: { mode } });
  const stop = (name: string, callId: string) =>
    call('DELETE', `/api/calls/${callId}/assist`, { token: tokens[name] });
  /** The supervisor commands the PBX was sent about a call. */
  const sent = (callId: string) =>
    deliveries.filter(
      ({ action }) => action.callId === callId && action.type.startsWith('supervisor.'),
    );
  const setShowAssist = async (showAssistToAgents: boolean) => {
    const current = (await call('GET', '/api/settings/organization', { token: tokens.admin })).body
      .data.settings;
    const saved = await call('PUT', '/api/settings/organization', {
      token: tokens.admin,
      body: { ...current, showAssistToAgents },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.settings.showAssistToAgents).toBe(showAssistToAgents);
  };

  /** The PBX queues a call; it rings at agent1, who answers. Answers our id and the PBX's. */
  const live = () => floor.answered('agent1', teams.Assist);
  const audit = async (callId: string) =>
    (
      await call(
        'GET',
        '/api/audit?action=calls.assist_started,calls.assist_changed,calls.assist_stopped&pageSize=100',
        { token: tokens.admin },
      )
    ).body.data.items
      .filter((item: { details: { callId?: string } }) => item.details?.callId === callId)
      .reverse();

  beforeAll(() =>
    floor.open(kind, {
      users: ['admin', 'supervisor1', 'supervisor2', 'agent1'],
      teams: { Assist: ['agent1'] },
      pbx: 'Assist PBX',
    }),
  );
  afterEach(() => floor.offline(['agent1']));
  afterAll(() => floor.close());

  it('listens, whispers, barges and stops: audited, live on the grid, told to the agent, signed commands to the PBX', async () => {
    const supervisorSocket = await connect('supervisor1');
    const agentSocket = await connect('agent1');
    const outsiderSocket = await connect('supervisor2');
    const grid = record<CallAssistEvent>(supervisorSocket, 'call:assist');
    const notices = record<CallSupervisorNotice>(agentSocket, 'call:supervisor');
    const agentAssists = record<CallAssistEvent>(agentSocket, 'call:assist');
    const outsider = record<CallAssistEvent>(outsiderSocket, 'call:assist');
    const { callId } = await live();

    const listening = await assist('supervisor1', callId, 'listen');
    expect(listening.status).toBe(200);
    expect(listening.body.data.assist).toMatchObject({
      callId,
      teamId: teams.Assist,
      agentId: ids.agent1,
      mode: 'listen',
      supervisor: { id: ids.supervisor1 },
    });
    const listed = await call('GET', '/api/calls/assists', { token: tokens.supervisor1 });
    expect(listed.body.data.items).toEqual([listening.body.data.assist]);
    const current = await call('GET', '/api/calls/current', { token: tokens.agent1 });
    expect(current.body.data.assist).toEqual({ mode: 'listen' });

    expect((await assist('supervisor1', callId, 'whisper')).body.data.assist.mode).toBe('whisper');
    const barging = await assist('supervisor1', callId, 'barge');
    expect(barging.body.data.assist).toMatchObject({
      mode: 'barge',
      startedAt: listening.body.data.assist.startedAt,
    });
    const stopped = await stop('supervisor1', callId);
    expect(stopped.status).toBe(200);
    expect(stopped.body.data.assist).toMatchObject({
      mode: 'barge',
      supervisor: { id: ids.supervisor1 },
    });
    expect(
      (await call('GET', '/api/calls/assists', { token: tokens.supervisor1 })).body.data.items,
    ).toEqual([]);
    expect(
      (await call('GET', '/api/calls/current', { token: tokens.agent1 })).body.data.assist,
    ).toBe(null);

    // Live: the team's monitors see each change; the agent is told the mode, never who.
    await waitFor(
      async () => grid.length,
      (count) => count >= 4,
      5_000,
      'call:assist events',
    );
    expect(grid.map((event) => event.assist?.mode ?? null)).toEqual([
      'listen',
      'whisper',
      'barge',
      null,
    ]);
    expect(grid[3]).toMatchObject({ callId, teamId: teams.Assist, reason: 'stopped' });
    await waitFor(
      async () => notices.length,
      (count) => count >= 4,
      5_000,
      'call:supervisor events',
    );
    expect(notices).toEqual([
      { callId, mode: 'listen' },
      { callId, mode: 'whisper' },
      { callId, mode: 'barge' },
      { callId, mode: null },
    ]);
    expect(agentAssists).toEqual([]);
    expect(outsider).toEqual([]);

    // Audited: start, two switches, stop.
    const events = await audit(callId);
    expect(events.map((event: { action: string }) => event.action)).toEqual([
      'calls.assist_started',
      'calls.assist_changed',
      'calls.assist_changed',
      'calls.assist_stopped',
    ]);
    expect(events[0]).toMatchObject({ actor: { id: ids.supervisor1 }, target: { id: ids.agent1 } });
    expect(events[2].details).toMatchObject({ mode: 'barge', from: 'whisper' });

    // The PBX: one signed command per change, naming the supervisor.
    await settle();
    const commands = sent(callId);
    expect(commands.map(({ action }) => [action.type, action.assist?.mode ?? null])).toEqual([
      ['supervisor.assist', 'listen'],
      ['supervisor.assist_change', 'whisper'],
      ['supervisor.assist_change', 'barge'],
      ['supervisor.assist_stop', null],
    ]);
    for (const { action, body, signature } of commands) {
      expect(verifySignature(signature, integration.secret, body)).toBe('valid');
      expect(action.assist?.supervisor).toMatchObject({
        id: ids.supervisor1,
        email: 'supervisor1@poscalls4u.test',
      });
      expect(action.agent).toMatchObject({ id: ids.agent1 });
    }
    // Nothing of it in the call's timeline, which the agent reads.
    const detail = (await call('GET', `/api/calls/${callId}`, { token: tokens.agent1 })).body.data
      .call;
    expect(JSON.stringify(detail.timeline)).not.toMatch(/assist|supervisor/);
    await endAndWrapUp('agent1', callId);
  });

  it('tells the agent nothing when the organisation setting is off', async () => {
    await setShowAssist(false);
    try {
      const agentSocket = await connect('agent1');
      const notices = record<CallSupervisorNotice>(agentSocket, 'call:supervisor');
      const supervisorSocket = await connect('supervisor1');
      const grid = record<CallAssistEvent>(supervisorSocket, 'call:assist');
      const { callId } = await live();
      expect((await assist('supervisor1', callId, 'listen')).status).toBe(200);
      expect(
        (await call('GET', '/api/calls/current', { token: tokens.agent1 })).body.data.assist,
      ).toBe(null);
      expect((await stop('supervisor1', callId)).status).toBe(200);
      await waitFor(
        async () => grid.length,
        (count) => count >= 2,
        5_000,
        'call:assist events',
      );
      expect(notices).toEqual([]);
      await endAndWrapUp('agent1', callId);
    } finally {
      await setShowAssist(true);
    }
  });

  it('refuses agents, outsiders, bad modes, calls not live, a second supervisor and a second call', async () => {
    const { callId } = await live();
    // Agents hold no calls:monitor; supervisor2 does in their own teams but cannot see this call.
    expect((await assist('agent1', callId, 'listen')).status).toBe(403);
    expect((await assist('supervisor2', callId, 'listen')).status).toBe(404);
    expect((await stop('supervisor2', callId)).status).toBe(404);
    expect(
      (await call('POST', `/api/calls/${callId}/assist`, { body: { mode: 'listen' } })).status,
    ).toBe(401);
    for (const mode of [undefined, 'spy', 3]) {
      const refused = await assist('supervisor1', callId, mode);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].field).toBe('mode');
    }
    const nobody = await stop('supervisor1', callId);
    expect(nobody.status).toBe(409);
    expect(nobody.body.error.code).toBe('INVALID_STATE');

    expect((await assist('supervisor1', callId, 'listen')).status).toBe(200);
    const again = await assist('supervisor1', callId, 'listen');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
    // Admins hold calls:monitor in every team; still one supervisor per call.
    const second = await assist('admin', callId, 'barge');
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');

    // Another monitor of the team may stop it (audited as theirs).
    expect((await stop('admin', callId)).status).toBe(200);
    expect((await audit(callId)).at(-1)).toMatchObject({
      action: 'calls.assist_stopped',
      actor: { id: ids.admin },
      details: { supervisorId: ids.supervisor1, reason: 'stopped' },
    });
    await endAndWrapUp('agent1', callId);

    // A call that is over cannot be assisted.
    const over = await assist('supervisor1', callId, 'listen');
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('INVALID_STATE');
  });

  it('ends with the call by itself, and follows what the PBX reports', async () => {
    const supervisorSocket = await connect('supervisor1');
    const grid = record<CallAssistEvent>(supervisorSocket, 'call:assist');

    const first = await live();
    expect((await assist('supervisor1', first.callId, 'barge')).status).toBe(200);
    expect((await act('agent1', first.callId, 'end')).status).toBe(200);
    await waitFor(
      async () => grid.filter((event) => event.callId === first.callId),
      (events) => events.some((event) => event.reason === 'call_ended'),
      5_000,
      'the assist ended with the call',
    );
    expect((await audit(first.callId)).at(-1)).toMatchObject({
      action: 'calls.assist_stopped',
      actor: null,
      details: { reason: 'call_ended', mode: 'barge' },
    });
    expect((await act('agent1', first.callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(
      200,
    );

    // The supervisor is free again: the PBX reports an assist it started by a feature code.
    const second = await live();
    const started = await pbx({
      id: `${second.externalId}-spy`,
      type: 'assist.started',
      callId: second.externalId,
      assistMode: 'whisper',
      supervisorEmail: 'supervisor1@poscalls4u.test',
    });
    expect(started).toMatchObject({ outcome: 'applied', callId: second.callId });
    const listed = (await call('GET', '/api/calls/assists', { token: tokens.supervisor1 })).body
      .data.items;
    expect(listed).toEqual([
      expect.objectContaining({
        callId: second.callId,
        mode: 'whisper',
        supervisor: expect.objectContaining({ id: ids.supervisor1 }),
      }),
    ]);
    // A confirmation of what is already so changes nothing; a replay is a duplicate.
    expect(
      await pbx({
        id: `${second.externalId}-spy-again`,
        type: 'assist.started',
        callId: second.externalId,
        assistMode: 'whisper',
      }),
    ).toMatchObject({ outcome: 'applied' });
    expect(
      await pbx({
        id: `${second.externalId}-spy`,
        type: 'assist.started',
        callId: second.externalId,
        assistMode: 'whisper',
      }),
    ).toMatchObject({ outcome: 'duplicate' });
    expect(
      await pbx({
        id: `${second.externalId}-no-mode`,
        type: 'assist.started',
        callId: second.externalId,
      }),
    ).toMatchObject({ outcome: 'ignored', reason: 'assist.started needs assistMode' });

    // The supervisor hangs up their phone: the PBX reports the end.
    expect(
      await pbx({
        id: `${second.externalId}-unspy`,
        type: 'assist.ended',
        callId: second.externalId,
      }),
    ).toMatchObject({ outcome: 'applied' });
    expect(
      (await call('GET', '/api/calls/assists', { token: tokens.supervisor1 })).body.data.items,
    ).toEqual([]);
    expect(
      await pbx({
        id: `${second.externalId}-unspy-2`,
        type: 'assist.ended',
        callId: second.externalId,
      }),
    ).toMatchObject({ outcome: 'ignored', reason: 'no assist in progress' });
    expect((await audit(second.callId)).map((event: { action: string }) => event.action)).toEqual([
      'calls.assist_started',
      'calls.assist_stopped',
    ]);
    await waitFor(
      async () => grid.filter((event) => event.callId === second.callId),
      (events) => events.length >= 2,
      5_000,
      'the PBX-reported assist on the grid',
    );
    expect(grid.filter((event) => event.callId === second.callId).at(-1)).toMatchObject({
      assist: null,
      reason: 'pbx',
    });
    await endAndWrapUp('agent1', second.callId);
  });
});
