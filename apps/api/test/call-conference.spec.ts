import { randomUUID } from 'node:crypto';

import { CallConferencePartyView, CallUpdatedEvent, CallView } from '@poscalls4u/contracts';
import { verifySignature } from '@poscalls4u/server-integrations';

import { callFloor } from './support/call-floor';
import { waitFor } from './support/calls';
import { record } from './support/chat';
import { DATABASES } from './support/test-api';

const AGENTS = ['agent1', 'agent2', 'agent3', 'agent4'];

describe.each(DATABASES)('conferences, on %s', (kind) => {
  const floor = callFloor();
  const { call, tokens, ids, teams, integration } = floor;
  const { presence, act, statusOf, detailOf, sent, pbx, pbxBatch } = floor;
  const { connect, settle, endAndWrapUp } = floor;

  const consult = (name: string, callId: string, target: unknown) =>
    act(name, callId, 'consult', { target });
  const add = (name: string, callId: string, target: unknown) =>
    act(name, callId, 'conference/parties', { target });
  const remove = (name: string, callId: string, partyId: string) =>
    call('DELETE', `/api/calls/${callId}/conference/parties/${partyId}`, { token: tokens[name] });
  const partyOf = (view: CallView, match: (party: CallConferencePartyView) => boolean) => {
    const party = view.conference?.parties.find(match);
    if (!party) throw new Error('no such party');
    return party;
  };

  /** The PBX queues a call; agent1 (the only one available) answers it. */
  const connected = () => floor.answered('agent1', teams.Conferences);

  /** agent1's call, a consult with `target` merged into a conference. */
  const conference = async (target: Record<string, unknown>) => {
    const live = await connected();
    if (target.type === 'agent') await presence('agent2', 'available');
    expect((await consult('agent1', live.callId, target)).status).toBe(200);
    const merged = await act('agent1', live.callId, 'conference');
    expect(merged.status).toBe(200);
    return { ...live, view: merged.body.data.call as CallView };
  };

  beforeAll(() =>
    floor.open(kind, {
      users: ['admin', 'supervisor1', 'supervisor2', ...AGENTS, 'agent5'],
      // supervisor1 creates the team, so supervises it.
      teams: { Conferences: AGENTS },
      pbx: 'Conference PBX',
    }),
  );
  afterEach(() => floor.offline([...AGENTS, 'supervisor1']));
  afterAll(() => floor.close());

  it('merges a consult, adds parties up to six (the seventh refused), confirms joins from the PBX, removes one; ending the call ends it', async () => {
    const seen = record<CallUpdatedEvent>(await connect('agent2'), 'call:updated');

    const { callId, externalId, view } = await conference({ type: 'agent', agentId: ids.agent2 });
    expect(view).toMatchObject({ state: 'connected', agent: { id: ids.agent1 }, consult: null });
    expect(view.conference?.endedAt).toBeNull();
    expect(
      view.conference?.parties.map((party) => [party.kind, party.user?.id, party.state]),
    ).toEqual([
      ['caller', undefined, 'joined'],
      ['agent', ids.agent1, 'joined'],
      ['agent', ids.agent2, 'joined'],
    ]);
    // agent2 is on it: their current call, live, and they hear of it.
    expect(
      (await call('GET', '/api/calls/current', { token: tokens.agent2 })).body.data.call,
    ).toMatchObject({ id: callId, conference: { endedAt: null } });
    await waitFor(
      async () => seen,
      (events) =>
        events.some(
          (payload) => payload.call.id === callId && payload.event.type === 'conference_started',
        ),
      5_000,
      'conference_started to agent2',
    );
    // In a conference, hold, a transfer and a consult wait; the caller talks with everyone.
    for (const [action, body] of [
      ['hold', undefined],
      ['transfer', { target: { type: 'number', to: '+15550177' } }],
      ['consult', { target: { type: 'number', to: '+15550177' } }],
    ] as const) {
      const refused = await act('agent1', callId, action, body);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('INVALID_STATE');
    }

    await presence('agent3', 'available');
    const withAgent3 = await add('agent1', callId, { type: 'agent', agentId: ids.agent3 });
    expect(withAgent3.status).toBe(200);
    const agent3Party = partyOf(withAgent3.body.data.call, (p) => p.user?.id === ids.agent3);
    // A PBX rings the leg: joining until it says the party is up.
    expect(agent3Party.state).toBe('joining');
    expect(await statusOf(ids.agent3)).toBe('on_call');
    const joined = {
      id: `join-${randomUUID()}`,
      type: 'conference.party_joined',
      callId: externalId,
      partyId: agent3Party.id,
      occurredAt: new Date().toISOString(),
    };
    expect((await pbx(joined)).outcome).toBe('applied');
    expect((await pbx(joined)).outcome).toBe('duplicate');
    expect(partyOf(await detailOf(callId), (p) => p.id === agent3Party.id)).toMatchObject({
      state: 'joined',
    });

    // A supervisor of the call's team (holding no call), and an outside number: six parties.
    const withSupervisor = await add('agent1', callId, {
      type: 'supervisor',
      supervisorId: ids.supervisor1,
    });
    expect(withSupervisor.status).toBe(200);
    const withNumber = await add('agent1', callId, { type: 'number', to: '+15550177' });
    expect(withNumber.status).toBe(200);
    expect(withNumber.body.data.call.conference.parties).toHaveLength(6);
    const full = await add('agent1', callId, { type: 'number', to: '+15550178' });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('CONFERENCE_FULL');

    // Nobody but the call's agent drives it.
    expect((await add('agent2', callId, { type: 'number', to: '+15550178' })).status).toBe(409);
    expect((await add('supervisor1', callId, { type: 'number', to: '+15550178' })).status).toBe(
      403,
    );
    expect((await add('supervisor2', callId, { type: 'number', to: '+15550178' })).status).toBe(
      404,
    );
    expect((await add('agent5', callId, { type: 'number', to: '+15550178' })).status).toBe(404);
    // Bad input is a 4xx in the envelope, never a 500.
    for (const bad of [
      undefined,
      { type: 'queue', teamId: teams.Conferences },
      { type: 'supervisor' },
    ]) {
      const refused = await add('agent1', callId, bad);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await remove('agent1', callId, 'not-a-uuid')).status).toBe(400);
    expect((await remove('agent1', callId, randomUUID())).status).toBe(404);
    const callerParty = partyOf(withNumber.body.data.call, (p) => p.kind === 'caller');
    expect((await remove('agent1', callId, callerParty.id)).status).toBe(409);

    // The number is removed: room for one more.
    const numberParty = partyOf(withNumber.body.data.call, (p) => p.kind === 'number');
    const removed = await remove('agent1', callId, numberParty.id);
    expect(removed.status).toBe(200);
    expect(partyOf(removed.body.data.call, (p) => p.id === numberParty.id)).toMatchObject({
      state: 'left',
      leftReason: 'removed',
    });

    // The supervisor's leg: the PBX reports it gone before it reports it up (out of order).
    const supervisorParty = partyOf(withSupervisor.body.data.call, (p) => p.kind === 'supervisor');
    const at = Date.now();
    const [left, lateJoin] = await pbxBatch([
      {
        type: 'conference.party_left',
        callId: externalId,
        partyId: supervisorParty.id,
        occurredAt: new Date(at).toISOString(),
      },
      {
        type: 'conference.party_joined',
        callId: externalId,
        partyId: supervisorParty.id,
        occurredAt: new Date(at + 1).toISOString(),
      },
    ]);
    expect(left?.outcome).toBe('applied');
    expect(lateJoin?.outcome).toBe('ignored');
    expect(partyOf(await detailOf(callId), (p) => p.id === supervisorParty.id)).toMatchObject({
      state: 'left',
      leftReason: 'hung_up',
    });
    expect(await statusOf(ids.supervisor1)).toBe('wrap_up');

    // agent3 leaves: after-call work, which they end themselves.
    expect((await act('agent3', callId, 'conference/leave')).status).toBe(200);
    expect(await statusOf(ids.agent3)).toBe('wrap_up');
    expect((await presence('agent3', 'available')).status).toBe(200);

    // Ending the call ends the conference: agent2's part ends too.
    expect((await act('agent1', callId, 'end')).status).toBe(200);
    const ended = await detailOf(callId);
    expect(ended.state).toBe('wrap_up');
    expect(ended.conference.endedAt).not.toBeNull();
    expect(
      ended.conference.parties.every((party: CallConferencePartyView) => party.state === 'left'),
    ).toBe(true);
    expect(await statusOf(ids.agent2)).toBe('wrap_up');
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
    const detail = await detailOf(callId);
    expect(detail.segments).toHaveLength(1);
    expect(detail.timeline.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining([
        'conference_started',
        'party_added',
        'party_joined',
        'party_left',
        'conference_ended',
      ]),
    );

    // The PBX was told each step, signed; the merge names every party.
    await settle();
    const [merge] = sent(callId, 'call.conference');
    expect(merge?.action.conference?.parties).toHaveLength(3);
    expect(merge?.action.party).toMatchObject({ kind: 'agent', user: { id: ids.agent2 } });
    expect(verifySignature(merge?.signature ?? '', integration.secret, merge?.body ?? '')).toBe(
      'valid',
    );
    expect(sent(callId, 'call.conference_add')).toHaveLength(3);
    expect(sent(callId, 'call.conference_remove')[0]?.action.party).toMatchObject({
      kind: 'number',
      number: '+15550177',
    });
    expect(sent(callId, 'call.conference_leave')).toHaveLength(1);
    expect(sent(callId, 'call.conference_end')).toHaveLength(1);
    const audit = await call('GET', '/api/audit?action=calls.conference_started', {
      token: tokens.admin,
    });
    expect(
      audit.body.data.items.some(
        (entry: { details: { callId?: string } }) => entry.details.callId === callId,
      ),
    ).toBe(true);
  });

  it('the call agent leaving hands the call to the agent on the conference: their segment begins, the conference goes on', async () => {
    const { callId } = await conference({ type: 'agent', agentId: ids.agent2 });
    expect((await add('agent1', callId, { type: 'number', to: '+15550177' })).status).toBe(200);
    // Still ringing (joining): joined parties only take the call over.
    const numberParty = partyOf(await detailOf(callId), (p) => p.kind === 'number');
    expect(
      (
        await pbx({
          type: 'conference.party_joined',
          callId: (await detailOf(callId)).externalId,
          partyId: numberParty.id,
        })
      ).outcome,
    ).toBe('applied');

    const left = await act('agent1', callId, 'conference/leave');
    expect(left.status).toBe(200);
    expect(left.body.data.call).toMatchObject({
      state: 'connected',
      agent: { id: ids.agent2 },
      conference: { endedAt: null },
    });
    expect(await statusOf(ids.agent1)).toBe('wrap_up');
    expect(await statusOf(ids.agent2)).toBe('on_call');
    // agent1 is no longer on it; agent2 drives it now.
    expect((await act('agent1', callId, 'conference/leave')).status).toBe(409);
    expect((await remove('agent2', callId, numberParty.id)).status).toBe(200);
    expect((await detailOf(callId)).conference.endedAt).not.toBeNull();

    await endAndWrapUp('agent2', callId);
    const detail = await detailOf(callId);
    expect(detail.segments).toHaveLength(2);
    expect(detail.segments[0]).toMatchObject({
      agent: { id: ids.agent1 },
      transferredTo: { type: 'agent', agentId: ids.agent2 },
    });
    expect(detail.segments[1]).toMatchObject({ agent: { id: ids.agent2 }, transferredTo: null });
    // agent1 ends their after-call work themselves.
    expect((await presence('agent1', 'available')).status).toBe(200);
    await settle();
    expect(sent(callId, 'call.conference_leave')[0]?.action.conference?.owner).toMatchObject({
      id: ids.agent2,
    });
  });

  it('the call agent leaving with only an outside party on: the call leaves the platform; with nobody joined it is refused', async () => {
    const { callId } = await conference({ type: 'number', to: '+15550177' });
    const left = await act('agent1', callId, 'conference/leave');
    expect(left.status).toBe(200);
    expect(left.body.data.call).toMatchObject({ state: 'completed' });
    expect(left.body.data.call.conference.endedAt).not.toBeNull();
    expect(await statusOf(ids.agent1)).toBe('wrap_up');
    await presence('agent1', 'offline');

    // Nobody joined yet: the caller would be left with a ringing leg.
    const second = await conference({ type: 'agent', agentId: ids.agent2 });
    expect((await add('agent1', second.callId, { type: 'number', to: '+15550178' })).status).toBe(
      200,
    );
    const agent2Party = partyOf(second.view, (p) => p.user?.id === ids.agent2);
    expect((await remove('agent1', second.callId, agent2Party.id)).status).toBe(200);
    expect(await statusOf(ids.agent2)).toBe('wrap_up');
    const refused = await act('agent1', second.callId, 'conference/leave');
    expect(refused.status).toBe(409);
    await endAndWrapUp('agent1', second.callId);
  });

  it('the PBX reporting the call agent gone hands the call on; conference.ended ends the call', async () => {
    const { callId, externalId, view } = await conference({ type: 'agent', agentId: ids.agent2 });
    const owner = partyOf(view, (p) => p.user?.id === ids.agent1);
    await presence('agent3', 'available');
    expect((await add('agent1', callId, { type: 'agent', agentId: ids.agent3 })).status).toBe(200);
    const gone = await pbx({
      type: 'conference.party_left',
      callId: externalId,
      partyId: owner.id,
    });
    expect(gone?.outcome).toBe('applied');
    expect(await detailOf(callId)).toMatchObject({
      state: 'connected',
      agent: { id: ids.agent2 },
      conference: { endedAt: null },
    });
    const [ended, again] = await pbxBatch([
      { type: 'conference.ended', callId: externalId },
      { type: 'conference.ended', callId: externalId },
    ]);
    expect(ended?.outcome).toBe('applied');
    expect(again?.outcome).toBe('ignored');
    expect(await detailOf(callId)).toMatchObject({ state: 'wrap_up', agent: { id: ids.agent2 } });
    expect(await statusOf(ids.agent3)).toBe('wrap_up');
    expect((await act('agent2', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
  });

  it('a hang-up racing a merge leaves nobody reserved by a call gone', async () => {
    const { callId, externalId } = await connected();
    await presence('agent2', 'available');
    expect((await consult('agent1', callId, { type: 'agent', agentId: ids.agent2 })).status).toBe(
      200,
    );
    const [merged, ended] = await Promise.all([
      act('agent1', callId, 'conference'),
      pbx({ type: 'call.ended', callId: externalId }),
    ]);
    expect([200, 409]).toContain(merged.status);
    expect(ended?.outcome).toBe('applied');
    const after = await detailOf(callId);
    expect(after.state).toBe('wrap_up');
    expect(after.consult).toBeNull();
    expect(after.conference === null || after.conference.endedAt !== null).toBe(true);
    expect(['available', 'wrap_up']).toContain(await statusOf(ids.agent2));
    expect(
      (await call('GET', '/api/calls/current', { token: tokens.agent2 })).body.data.call,
    ).toBeNull();
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
  });

  it('consults a supervisor of the team and completes: the call is theirs', async () => {
    const { callId } = await connected();
    // Not a supervisor of this team.
    expect(
      (await consult('agent1', callId, { type: 'supervisor', supervisorId: ids.supervisor2 }))
        .status,
    ).toBe(404);
    const started = await consult('agent1', callId, {
      type: 'supervisor',
      supervisorId: ids.supervisor1,
    });
    expect(started.status).toBe(200);
    expect(started.body.data.call.consult).toMatchObject({ agent: { id: ids.supervisor1 } });
    expect((await act('agent1', callId, 'consult/complete')).status).toBe(200);
    expect(await detailOf(callId)).toMatchObject({
      state: 'connected',
      agent: { id: ids.supervisor1 },
    });
    await endAndWrapUp('supervisor1', callId);
    const targets = await call('GET', '/api/calls/transfer-targets', { token: tokens.agent1 });
    expect(
      targets.body.data.supervisors.some((option: { id: string }) => option.id === ids.supervisor1),
    ).toBe(true);
  });
});
