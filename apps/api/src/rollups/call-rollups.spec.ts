import { CallRow } from '@poscalls4u/server-database';

import { callRollupOf } from './call-rollups';

const QUEUED_AT = new Date('2026-03-10T23:44:50Z');

function callRow(changes: Partial<CallRow> = {}): CallRow {
  return {
    id: 'c1',
    teamId: 't1',
    direction: 'inbound',
    state: 'queued',
    fromNumber: '+1',
    toNumber: '+2',
    integrationId: null,
    externalId: null,
    priority: 0,
    agentId: null,
    queuedAt: QUEUED_AT,
    requeuedAt: null,
    offeredAt: null,
    offerExpiresAt: null,
    answeredAt: null,
    talkStartedAt: null,
    transferCount: 0,
    holdStartedAt: null,
    endedAt: null,
    completedAt: null,
    waitMs: null,
    ringMs: 0,
    talkMs: null,
    holdMs: 0,
    holdCount: 0,
    afterCallWorkMs: null,
    dispositionCode: null,
    notes: null,
    muted: false,
    assistMode: null,
    assistSupervisorId: null,
    assistStartedAt: null,
    consult: null,
    conference: null,
    requiredSkills: null,
    createdAt: new Date('2026-03-11T09:00:00Z'),
    updatedAt: new Date('2026-03-11T09:00:00Z'),
    ...changes,
  };
}

const event = (type: string, agentId: string | null = null, details: unknown = null) => ({
  type,
  agentId,
  details,
});

describe('callRollupOf', () => {
  it('puts every figure in the bucket of the first queue entry, not of the event', () => {
    const before = callRow({ state: 'offered', agentId: 'a1' });
    const after = callRow({
      state: 'connected',
      agentId: 'a1',
      answeredAt: new Date('2026-03-11T00:10:00Z'),
      waitMs: 25 * 60_000 + 10_000,
    });
    expect(callRollupOf(before, after, event('connected', 'a1'))).toEqual({
      teamId: 't1',
      bucket: new Date('2026-03-10T23:30:00Z'),
      rollup: { kind: 'answered', agentId: 'a1', waitMs: 25 * 60_000 + 10_000 },
    });
  });

  it('counts an inbound arrival as offered once, and an outbound start as outbound', () => {
    expect(callRollupOf(null, callRow(), event('queued'))?.rollup).toEqual({ kind: 'offered' });
    const dialing = callRow({ direction: 'outbound', state: 'dialing', queuedAt: null });
    expect(callRollupOf(null, dialing, event('dialing', 'a2'))).toEqual({
      teamId: 't1',
      bucket: new Date('2026-03-11T09:00:00Z'),
      rollup: { kind: 'outbound', agentId: 'a2' },
    });
    // A re-queue after a reject is the agent's reject, not a new offer to the team.
    const requeued = callRollupOf(
      callRow({ state: 'offered', agentId: 'a1' }),
      callRow(),
      event('rejected', 'a1'),
    );
    expect(requeued?.rollup).toEqual({ kind: 'rejected', agentId: 'a1' });
  });

  it('counts abandons of inbound calls only, and completions as handled with their parts', () => {
    const abandoned = callRow({ state: 'abandoned', waitMs: 3_000 });
    expect(callRollupOf(callRow(), abandoned, event('abandoned'))?.rollup).toEqual({
      kind: 'abandoned',
      waitMs: 3_000,
    });
    const outbound = { direction: 'outbound' as const };
    expect(
      callRollupOf(
        callRow(outbound),
        callRow({ ...outbound, state: 'abandoned' }),
        event('abandoned'),
      ),
    ).toBeUndefined();
    const wrapping = callRow({ state: 'wrap_up', agentId: 'a1', answeredAt: QUEUED_AT });
    const done = callRow({
      ...wrapping,
      state: 'completed',
      talkMs: 60_000,
      holdMs: 5_000,
      afterCallWorkMs: 20_000,
      dispositionCode: 'sale',
    });
    expect(callRollupOf(wrapping, done, event('wrapped_up', 'a1'))?.rollup).toEqual({
      kind: 'handled',
      agentId: 'a1',
      talkMs: 60_000,
      holdMs: 5_000,
      afterCallWorkMs: 20_000,
      dispositionCode: 'sale',
      transferredIn: false,
      transferredOut: false,
    });
  });

  it('counts a segment a transfer closed as handled by its team and agent, a transfer out and in', () => {
    const connected = callRow({ state: 'connected', agentId: 'a1', answeredAt: QUEUED_AT });
    const requeued = callRow({ ...connected, state: 'queued', agentId: null, teamId: 't2' });
    const change = callRollupOf(
      connected,
      { ...requeued, transferCount: 1 },
      event('transferred', 'a1', {
        segment: { teamId: 't1', toTeamId: 't2', talkMs: 30_000, holdMs: 4_000 },
      }),
    );
    expect(change?.teamId).toBe('t1');
    expect(change?.rollup).toEqual({
      kind: 'handled',
      agentId: 'a1',
      talkMs: 30_000,
      holdMs: 4_000,
      afterCallWorkMs: 0,
      dispositionCode: null,
      transferredIn: false,
      transferredOut: true,
      toTeamId: 't2',
    });
    // Answered before the transfer, the caller hanging up in the next queue is no abandon.
    const abandoned = { ...requeued, state: 'abandoned' as const, transferCount: 1 };
    expect(callRollupOf(requeued, abandoned, event('abandoned', null))).toBeUndefined();
  });

  it('ignores moves that change no figure, and reads QA scores from the event', () => {
    const connected = callRow({ state: 'connected', agentId: 'a1', answeredAt: QUEUED_AT });
    const held = { ...connected, state: 'on_hold' as const };
    expect(callRollupOf(connected, held, event('held', 'a1'))).toBeUndefined();
    expect(callRollupOf(held, connected, event('resumed', 'a1'))).toBeUndefined();
    expect(
      callRollupOf(connected, connected, event('reviewed', null, { score: 85 }))?.rollup,
    ).toEqual({ kind: 'qa', agentId: 'a1', score: 85 });
  });
});
