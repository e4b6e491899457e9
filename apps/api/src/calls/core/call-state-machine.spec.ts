import { CALL_STATES, CALL_TRANSITIONS, CallState, FINAL_CALL_STATES } from '@poscalls4u/contracts';

import { CallClock, canMove, durations, isFinal, move, segmentOf } from './call-state-machine';

const T0 = new Date('2026-11-25T09:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function newCall(state: CallState = 'queued'): CallClock {
  return {
    state,
    agentId: null,
    queuedAt: state === 'queued' ? T0 : null,
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
  };
}

describe('call state machine', () => {
  it('allows exactly the moves of CALL_TRANSITIONS', () => {
    for (const from of CALL_STATES) {
      for (const to of CALL_STATES) {
        expect([from, to, canMove(from, to)]).toEqual([
          from,
          to,
          CALL_TRANSITIONS[from].includes(to),
        ]);
      }
    }
    expect(canMove('queued', 'completed')).toBe(false);
    expect(canMove('completed', 'connected')).toBe(false);
    expect(canMove('offered', 'queued')).toBe(true);
  });

  it('never leaves a final state', () => {
    for (const state of FINAL_CALL_STATES) {
      expect(isFinal(state)).toBe(true);
      expect(CALL_STATES.some((to) => canMove(state, to))).toBe(false);
    }
    expect(isFinal('wrap_up')).toBe(false);
  });

  it('derives every duration of an inbound call from its moves', () => {
    let call = newCall();
    call = move(call, 'offered', at(5), { agentId: 'a1', offerExpiresAt: at(25) });
    expect(call).toMatchObject({ agentId: 'a1', offeredAt: at(5), offerExpiresAt: at(25) });
    call = move(call, 'queued', at(8)); // missed or rejected after 3 s of ringing
    expect(call).toMatchObject({ agentId: null, offeredAt: null, ringMs: 3000 });
    call = move(call, 'offered', at(10), { agentId: 'a2' });
    call = move(call, 'connected', at(12));
    expect(call).toMatchObject({ agentId: 'a2', answeredAt: at(12), waitMs: 12_000, ringMs: 5000 });
    call = move(call, 'on_hold', at(20));
    call = move(call, 'connected', at(30));
    call = move(call, 'on_hold', at(40));
    call = move(call, 'wrap_up', at(45)); // hung up while on hold
    expect(call).toMatchObject({ holdMs: 15_000, holdCount: 2, endedAt: at(45), talkMs: 18_000 });
    call = move(call, 'completed', at(60));
    expect(call).toMatchObject({ afterCallWorkMs: 15_000, completedAt: at(60) });
    expect(durations(call)).toEqual({
      waitSeconds: 12,
      ringSeconds: 5,
      talkSeconds: 18,
      holdSeconds: 15,
      afterCallWorkSeconds: 15,
      handleSeconds: 48,
    });
  });

  it('leaves phases that did not happen null', () => {
    expect(durations(newCall())).toEqual({
      waitSeconds: null,
      ringSeconds: null,
      talkSeconds: null,
      holdSeconds: null,
      afterCallWorkSeconds: null,
      handleSeconds: null,
    });
    const abandoned = move(
      move(newCall(), 'offered', at(2), { agentId: 'a1' }),
      'abandoned',
      at(9),
    );
    expect(durations(abandoned)).toMatchObject({
      waitSeconds: 9,
      ringSeconds: 7,
      talkSeconds: null,
      handleSeconds: null,
    });
    expect(abandoned.completedAt).toEqual(at(9));
    // A PBX-only call that ends without wrap-up: no after-call work.
    const pbxOnly = move(move(newCall(), 'connected', at(3)), 'completed', at(33));
    expect(durations(pbxOnly)).toMatchObject({
      talkSeconds: 30,
      afterCallWorkSeconds: null,
      handleSeconds: 30,
    });
  });

  it('clamps at zero when a late event is stamped before the previous one', () => {
    let call = move(newCall(), 'connected', at(30));
    call = move(call, 'wrap_up', at(10));
    expect(call.talkMs).toBe(0);
    call = move(call, 'completed', at(5));
    expect(call.afterCallWorkMs).toBe(0);
  });

  it('times an outbound call from the answer, with no wait', () => {
    let call = move(newCall('dialing'), 'connected', at(7), { agentId: 'a1' });
    call = move(call, 'wrap_up', at(67));
    expect(durations(call)).toMatchObject({
      waitSeconds: null,
      ringSeconds: null,
      talkSeconds: 60,
    });
    expect(move(newCall('dialing'), 'failed', at(20)).completedAt).toEqual(at(20));
  });

  it('closes a segment on a transfer and starts the next one, keeping arrival, first answer and wait', () => {
    let call = move(newCall(), 'offered', at(5), { agentId: 'a1' });
    call = move(call, 'connected', at(10));
    call = move(call, 'on_hold', at(40));
    const segment = segmentOf(call, at(50));
    expect(segment).toEqual({
      agentId: 'a1',
      startedAt: at(10),
      endedAt: at(50),
      ringMs: 5_000,
      talkMs: 30_000,
      holdMs: 10_000,
      holdCount: 1,
    });
    call = move(call, 'queued', at(50));
    expect(call).toMatchObject({
      state: 'queued',
      agentId: null,
      queuedAt: T0,
      answeredAt: at(10),
      waitMs: 10_000,
      talkStartedAt: null,
      ringMs: 0,
      talkMs: null,
      holdMs: 0,
      holdCount: 0,
      transferCount: 1,
    });
    call = move(call, 'offered', at(52), { agentId: 'a2' });
    call = move(call, 'connected', at(55));
    // The second answer is the segment's, not the call's.
    expect(call).toMatchObject({ answeredAt: at(10), talkStartedAt: at(55), waitMs: 10_000 });
    call = move(call, 'wrap_up', at(115));
    call = move(call, 'completed', at(125));
    expect(durations(call)).toMatchObject({
      waitSeconds: 10,
      ringSeconds: 3,
      talkSeconds: 60,
      holdSeconds: 0,
      afterCallWorkSeconds: 10,
      handleSeconds: 70,
    });
  });
});
