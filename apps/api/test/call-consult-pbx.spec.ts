import { randomUUID } from 'node:crypto';

import { CallUpdatedEvent } from '@poscalls4u/contracts';

import { callFloor } from './support/call-floor';
import { waitFor } from './support/calls';
import { record } from './support/chat';
import { DATABASES } from './support/test-api';

/**
 * The PBX's side of a consult: `call.consult.answered` (the consulted party picked up) and
 * `call.consult.failed` (no answer, busy, unreachable, or hung up: the consult closes and the
 * caller is back with the agent), for the consult they name by `consultId`: duplicated, late and
 * reordered events change nothing they should not.
 */
describe.each(DATABASES)('PBX outcomes of a consult, on %s', (kind) => {
  const floor = callFloor();
  const { call, tokens, ids, teams } = floor;
  const { act, statusOf, detailOf, sent, postSigned, pbx, pbxBatch } = floor;
  const { connect, settle, endAndWrapUp } = floor;

  /** agent1 answers a PBX call and consults agent2; answers the ids and the consult's id. */
  const consulting = async () => {
    const { callId, externalId } = await floor.answered('agent1', teams['Consult outcomes']);
    await floor.presence('agent2', 'available');
    const started = await act('agent1', callId, 'consult', {
      target: { type: 'agent', agentId: ids.agent2 },
    });
    expect(started.status).toBe(200);
    const consultId = started.body.data.call.consult.id as string;
    expect(started.body.data.call.consult).toMatchObject({ answeredAt: null });
    return { callId, externalId, consultId };
  };

  beforeAll(() =>
    floor.open(kind, {
      users: ['admin', 'supervisor1', 'agent1', 'agent2'],
      teams: { 'Consult outcomes': ['agent1', 'agent2'] },
      pbx: 'Consult outcome PBX',
    }),
  );
  afterEach(() => floor.offline(['agent1', 'agent2']));
  afterAll(() => floor.close());

  it('answered: stamped on the consult once; a duplicate, a second answer and a late failure change nothing', async () => {
    const { callId, externalId, consultId } = await consulting();
    await settle();
    // The webhook names the consult the PBX reports on.
    expect(sent(callId, 'call.consult')[0]?.action).toMatchObject({ consultId });

    const answeredId = `${externalId}-consult-answered`;
    const answered = await pbx({
      id: answeredId,
      type: 'call.consult.answered',
      callId: externalId,
      consultId,
    });
    expect(answered).toMatchObject({ outcome: 'applied', callId });
    const detail = await detailOf(callId);
    expect(detail.state).toBe('on_hold');
    expect(detail.consult).toMatchObject({ id: consultId, agent: { id: ids.agent2 } });
    expect(detail.consult.answeredAt).not.toBeNull();
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'consult_answered',
      source: 'pbx',
      fromState: null,
      toState: null,
    });

    expect(
      await pbx({ id: answeredId, type: 'call.consult.answered', callId: externalId, consultId }),
    ).toMatchObject({ outcome: 'duplicate', callId });
    expect(
      await pbx({ type: 'call.consult.answered', callId: externalId, consultId }),
    ).toMatchObject({ outcome: 'ignored', reason: 'the consult was answered already' });

    expect((await act('agent1', callId, 'consult/complete')).status).toBe(200);
    // The completed consult's leg fails late: the call stays agent2's, connected.
    expect(
      await pbx({
        type: 'call.consult.failed',
        callId: externalId,
        consultId,
        failureReason: 'hung_up',
      }),
    ).toMatchObject({ outcome: 'ignored' });
    expect(await detailOf(callId)).toMatchObject({ state: 'connected', agent: { id: ids.agent2 } });
    expect(await statusOf(ids.agent2)).toBe('on_call');
    await settle();
    expect(sent(callId, 'call.consult_complete')[0]?.action).toMatchObject({ consultId });
    await endAndWrapUp('agent2', callId);
  });

  it('failed: the consult closes, the caller is back with the agent, who is told why; the consulted agent is free; audited', async () => {
    const { callId, externalId, consultId } = await consulting();
    const seen = record<CallUpdatedEvent>(await connect('agent1'), 'call:updated');

    const failedId = `${externalId}-consult-failed`;
    const failed = await pbx({
      id: failedId,
      type: 'call.consult.failed',
      callId: externalId,
      consultId,
      failureReason: 'busy',
    });
    expect(failed).toMatchObject({ outcome: 'applied', callId });
    expect(await detailOf(callId)).toMatchObject({
      state: 'connected',
      agent: { id: ids.agent1 },
      consult: null,
    });
    expect(await statusOf(ids.agent2)).toBe('available');
    await waitFor(
      async () => seen,
      (events) =>
        events.some(
          (payload) =>
            payload.call.id === callId &&
            payload.event.type === 'consult_failed' &&
            payload.event.details?.['reason'] === 'busy',
        ),
      5_000,
      'consult_failed to agent1',
    );
    const audit = await call('GET', '/api/audit?action=calls.consult_ended', {
      token: tokens.admin,
    });
    expect(
      audit.body.data.items.some(
        (entry: { actor: unknown; details: Record<string, unknown> }) =>
          entry.details['callId'] === callId &&
          entry.details['result'] === 'failed' &&
          entry.details['reason'] === 'busy' &&
          entry.actor === null,
      ),
    ).toBe(true);

    // Nothing is left to cancel; the same failure again is a duplicate, an answer comes too late.
    const cancel = await act('agent1', callId, 'consult/cancel');
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.code).toBe('INVALID_STATE');
    expect(
      await pbx({
        id: failedId,
        type: 'call.consult.failed',
        callId: externalId,
        consultId,
        failureReason: 'busy',
      }),
    ).toMatchObject({ outcome: 'duplicate' });
    expect(
      await pbx({ type: 'call.consult.answered', callId: externalId, consultId }),
    ).toMatchObject({ outcome: 'ignored' });
    await endAndWrapUp('agent1', callId);
  });

  it("applies a batch in the order things happened, and never closes a later consult with an earlier one's event", async () => {
    const { callId, externalId, consultId } = await consulting();
    const now = Date.now();
    // Sent in reverse: the answer (first) then the consulted party hanging up (after it).
    const [hungUp, answered] = await pbxBatch([
      {
        type: 'call.consult.failed',
        callId: externalId,
        consultId,
        failureReason: 'hung_up',
        occurredAt: new Date(now + 2_000).toISOString(),
      },
      {
        type: 'call.consult.answered',
        callId: externalId,
        consultId,
        occurredAt: new Date(now + 1_000).toISOString(),
      },
    ]);
    expect([hungUp?.outcome, answered?.outcome]).toEqual(['applied', 'applied']);
    const types = (await detailOf(callId)).timeline.map((event: { type: string }) => event.type);
    expect(types.slice(-2)).toEqual(['consult_answered', 'consult_failed']);

    // A second consult; a late event of the first one leaves it open.
    const again = await act('agent1', callId, 'consult', {
      target: { type: 'agent', agentId: ids.agent2 },
    });
    expect(again.status).toBe(200);
    const secondId = again.body.data.call.consult.id as string;
    expect(secondId).not.toBe(consultId);
    expect(
      await pbx({
        type: 'call.consult.failed',
        callId: externalId,
        consultId,
        failureReason: 'no_answer',
      }),
    ).toMatchObject({ outcome: 'ignored' });
    expect((await detailOf(callId)).consult).toMatchObject({ id: secondId });
    expect(await statusOf(ids.agent2)).toBe('on_call');

    // Without a consultId, or for a call nobody knows: ignored, with the reason.
    expect(await pbx({ type: 'call.consult.answered', callId: externalId })).toMatchObject({
      outcome: 'ignored',
      reason: 'call.consult.answered needs consultId',
    });
    expect(
      await pbx({
        type: 'call.consult.failed',
        callId: `pbx-${randomUUID()}`,
        consultId: secondId,
        teamId: teams['Consult outcomes'],
      }),
    ).toMatchObject({ outcome: 'ignored', callId: null });
    // The failure without a reason: unreachable.
    expect(
      await pbx({ type: 'call.consult.failed', callId: externalId, consultId: secondId }),
    ).toMatchObject({ outcome: 'applied' });
    expect((await detailOf(callId)).timeline.at(-1)).toMatchObject({
      type: 'consult_failed',
      details: { reason: 'unreachable' },
    });
    await endAndWrapUp('agent1', callId);
  });

  it('refuses a bad failure reason or consult id with 400', async () => {
    for (const fields of [
      { failureReason: 'bored', consultId: randomUUID() },
      { failureReason: 'busy', consultId: 'not-a-uuid' },
    ]) {
      const body = JSON.stringify({
        id: randomUUID(),
        type: 'call.consult.failed',
        occurredAt: new Date().toISOString(),
        callId: 'pbx-x',
        ...fields,
      });
      const refused = await postSigned(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('a consult failing while the agent cancels: whichever comes second finds it over', async () => {
    const { callId, externalId, consultId } = await consulting();
    const [cancelled, failed] = await Promise.all([
      act('agent1', callId, 'consult/cancel'),
      pbx({
        type: 'call.consult.failed',
        callId: externalId,
        consultId,
        failureReason: 'no_answer',
      }),
    ]);
    if (cancelled.status === 200) {
      expect(failed).toMatchObject({ outcome: 'ignored' });
    } else {
      expect(cancelled.status).toBe(409);
      expect(cancelled.body.error.code).toBe('INVALID_STATE');
      expect(failed).toMatchObject({ outcome: 'applied' });
    }
    // Either way: one end of the consult, the caller back with agent1, agent2 free.
    const detail = await detailOf(callId);
    expect(detail).toMatchObject({ state: 'connected', agent: { id: ids.agent1 }, consult: null });
    expect(
      detail.timeline.filter((event: { type: string }) =>
        ['consult_cancelled', 'consult_failed'].includes(event.type),
      ),
    ).toHaveLength(1);
    expect(await statusOf(ids.agent2)).toBe('available');
    await endAndWrapUp('agent1', callId);
  });
});
