import { verifySignature } from '@poscalls4u/server-integrations';

import { callFloor } from './support/call-floor';
import { DATABASES } from './support/test-api';

describe.each(DATABASES)('mute, unmute and DTMF relayed to the PBX, on %s', (kind) => {
  const floor = callFloor();
  const { call, ids, teams, integration, act, detailOf, sent, settle, endAndWrapUp } = floor;
  /** The PBX queues a call; it rings at agent1, who answers. */
  const answered = async () => (await floor.answered('agent1', teams['Call controls'])).callId;

  beforeAll(() =>
    floor.open(kind, {
      users: ['admin', 'supervisor1', 'agent1', 'agent2'],
      teams: { 'Call controls': ['agent1'] },
      pbx: 'Controls PBX',
    }),
  );
  afterEach(() => floor.offline(['agent1']));
  afterAll(() => floor.close());

  it('mutes and unmutes: the call shows it, the timeline records it, the PBX gets signed commands', async () => {
    const callId = await answered();

    const muted = await act('agent1', callId, 'mute');
    expect(muted.status).toBe(200);
    expect(muted.body.data.call).toMatchObject({ id: callId, state: 'connected', muted: true });
    // Twice is a mistake the agent should hear about, not a second command to the PBX.
    const again = await act('agent1', callId, 'mute');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');

    // Muted survives hold and resume: the PBX keeps the agent's leg muted.
    expect((await act('agent1', callId, 'hold')).body.data.call.muted).toBe(true);
    expect((await act('agent1', callId, 'resume')).body.data.call.muted).toBe(true);

    const unmuted = await act('agent1', callId, 'unmute');
    expect(unmuted.status).toBe(200);
    expect(unmuted.body.data.call.muted).toBe(false);
    expect((await act('agent1', callId, 'unmute')).status).toBe(409);

    const detail = await detailOf(callId);
    const controls = detail.timeline.filter((event: { type: string }) =>
      ['muted', 'unmuted'].includes(event.type),
    );
    expect(controls).toEqual([
      expect.objectContaining({
        type: 'muted',
        fromState: null,
        toState: null,
        source: 'agent',
        agent: expect.objectContaining({ id: ids.agent1 }),
      }),
      expect.objectContaining({ type: 'unmuted', fromState: null, toState: null }),
    ]);

    await settle();
    for (const type of ['agent.mute', 'agent.unmute']) {
      const [delivery, ...more] = sent(callId, type);
      expect(more).toHaveLength(0);
      expect(
        verifySignature(delivery?.signature ?? '', integration.secret, delivery?.body ?? ''),
      ).toBe('valid');
      expect(delivery?.action).toMatchObject({ type, callId, agent: { id: ids.agent1 } });
    }

    // Muted then hung up: the call is no longer muted (nothing left to mute).
    expect((await act('agent1', callId, 'mute')).status).toBe(200);
    const ended = await act('agent1', callId, 'end');
    expect(ended.body.data.call).toMatchObject({ state: 'wrap_up', muted: false });
    expect((await act('agent1', callId, 'unmute')).status).toBe(409);
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
  });

  it('sends DTMF digits to the PBX and records only how many', async () => {
    const callId = await answered();

    const done = await act('agent1', callId, 'dtmf', { digits: '4929*1234#' });
    expect(done.status).toBe(200);
    expect(done.body.data.call.state).toBe('connected');

    const detail = await detailOf(callId);
    const dtmf = detail.timeline.filter((event: { type: string }) => event.type === 'dtmf');
    expect(dtmf).toEqual([expect.objectContaining({ details: { digitCount: 10 } })]);
    // The digits themselves (a card number, a PIN) are nowhere in the timeline. (Not a fragment
    // such as "4929": ids and timestamps may contain any four digits by chance.)
    expect(JSON.stringify(detail.timeline)).not.toContain('4929*1234#');
    expect(JSON.stringify(detail.timeline)).not.toContain('*1234');

    await settle();
    const [delivery] = sent(callId, 'agent.dtmf');
    expect(delivery?.action).toMatchObject({ type: 'agent.dtmf', callId, digits: '4929*1234#' });
    expect(
      verifySignature(delivery?.signature ?? '', integration.secret, delivery?.body ?? ''),
    ).toBe('valid');

    // On hold the far end would not hear the tones.
    expect((await act('agent1', callId, 'hold')).status).toBe(200);
    expect((await act('agent1', callId, 'dtmf', { digits: '1' })).status).toBe(409);
    expect((await act('agent1', callId, 'resume')).status).toBe(200);

    expect((await act('agent1', callId, 'end')).status).toBe(200);
    expect((await act('agent1', callId, 'dtmf', { digits: '1' })).status).toBe(409);
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(200);
  });

  it('refuses bad digits with a 400 naming the field, and anyone but the agent', async () => {
    const callId = await answered();
    for (const digits of [undefined, '', 'A', '12 3', '1'.repeat(33), 123, ['1']]) {
      const refused = await act('agent1', callId, 'dtmf', { digits });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
      expect(refused.body.error.details[0].field).toBe('digits');
    }
    expect((await act('agent1', callId, 'dtmf', { digits: '1'.repeat(32) })).status).toBe(200);

    // The team's supervisor sees the call but does not work it; another agent does not see it.
    expect((await act('supervisor1', callId, 'mute')).status).toBe(403);
    expect((await act('supervisor1', callId, 'dtmf', { digits: '1' })).status).toBe(403);
    expect((await act('agent2', callId, 'mute')).status).toBe(404);
    expect((await act('agent2', callId, 'dtmf', { digits: '1' })).status).toBe(404);
    expect((await call('POST', `/api/calls/${callId}/mute`)).status).toBe(401);

    await endAndWrapUp('agent1', callId);
  });
});
