import { AuthActions } from '@poscalls4u/web-auth';

import { aCall, aPresence } from '../../testing/fixtures';
import { CallsActions, CallsApiActions, RealtimeActions } from './calls.actions';
import { CallsState, callsFeature, initialCallsState } from './calls.reducer';
import { selectConsultFailure, selectSupervisorNotice } from './calls.selectors';

const reduce = callsFeature.reducer;

function ringing(): CallsState {
  return reduce(
    initialCallsState,
    RealtimeActions.callOffered({
      call: aCall(),
      offerExpiresAt: 5_000,
      callerHistory: { calls: [], total: 3, crmUrl: null },
    }),
  );
}

describe('calls reducer', () => {
  it('shows an offer with its deadline', () => {
    const state = ringing();
    expect(state.current?.id).toBe('call-1');
    expect(state.offerExpiresAt).toBe(5_000);
    expect(state.callerHistory).toEqual({
      callId: 'call-1',
      history: { calls: [], total: 3, crmUrl: null },
    });
  });

  it('keeps the countdown while the ringing call is updated, and drops it once answered', () => {
    const stillRinging = reduce(
      ringing(),
      RealtimeActions.callUpdated({ call: aCall({ priority: 1 }) }),
    );
    expect(stillRinging.offerExpiresAt).toBe(5_000);

    const answered = reduce(
      ringing(),
      RealtimeActions.callUpdated({ call: aCall({ state: 'connected', answeredAt: 'x' }) }),
    );
    expect(answered.current?.state).toBe('connected');
    expect(answered.offerExpiresAt).toBeNull();
  });

  it.each(['queued', 'abandoned', 'completed'] as const)(
    'clears the current call when it moves to %s',
    (callState) => {
      const state = reduce(
        ringing(),
        RealtimeActions.callUpdated({ call: aCall({ state: callState }) }),
      );
      expect(state.current).toBeNull();
      expect(state.offerExpiresAt).toBeNull();
    },
  );

  it('ignores the end of a call that is not the current one', () => {
    const state = reduce(
      ringing(),
      RealtimeActions.callUpdated({ call: aCall({ id: 'other', state: 'completed' }) }),
    );
    expect(state.current?.id).toBe('call-1');
  });

  it('ignores a view older than the one shown (the answer and the event race)', () => {
    const resumed = aCall({ state: 'connected', updatedAt: '2026-11-25T09:00:10.000Z' });
    const lateHold = aCall({ state: 'on_hold', updatedAt: '2026-11-25T09:00:08.000Z' });
    let state = reduce(ringing(), CallsApiActions.callActionSucceeded({ call: resumed }));
    state = reduce(state, RealtimeActions.callUpdated({ call: lateHold }));
    expect(state.current?.state).toBe('connected');

    const completed = aCall({ state: 'completed', updatedAt: '2026-11-25T09:00:30.000Z' });
    const lateWrapUp = aCall({ state: 'wrap_up', updatedAt: '2026-11-25T09:00:20.000Z' });
    state = reduce(state, CallsApiActions.callActionSucceeded({ call: completed }));
    state = reduce(state, RealtimeActions.callUpdated({ call: lateWrapUp }));
    expect(state.current).toBeNull();
  });

  it('restores the current call from the API (a reload mid-call)', () => {
    const call = aCall({ state: 'on_hold' });
    const state = reduce(
      initialCallsState,
      CallsApiActions.currentCallLoaded({
        call,
        offerExpiresAt: null,
        callerHistory: null,
        assist: null,
      }),
    );
    expect(state.current).toEqual(call);
  });

  it('marks requests busy and settles them with the answer or the error', () => {
    const busy = reduce(ringing(), CallsActions.actOnCall({ callId: 'call-1', action: 'answer' }));
    expect(busy.busy).toBe(true);

    const answered = reduce(
      busy,
      CallsApiActions.callActionSucceeded({ call: aCall({ state: 'connected' }) }),
    );
    expect(answered).toMatchObject({ busy: false, current: { state: 'connected' } });

    const failed = reduce(busy, CallsApiActions.requestFailed({ message: 'Too late.' }));
    expect(failed).toMatchObject({
      busy: false,
      error: 'Too late.',
      current: { state: 'offered' },
    });
    expect(reduce(failed, CallsActions.dismissError()).error).toBeNull();
  });

  it("tells of a supervisor's assist on the live call only, until it stops", () => {
    const live = aCall({ id: 'call-1', state: 'connected' });
    const loaded = reduce(
      initialCallsState,
      CallsApiActions.currentCallLoaded({
        call: live,
        offerExpiresAt: null,
        callerHistory: null,
        assist: { mode: 'listen' },
      }),
    );
    const notice = (state: CallsState) =>
      selectSupervisorNotice.projector(state.current, state.supervisor);
    expect(notice(loaded)).toBe('listen');
    const barging = reduce(
      loaded,
      RealtimeActions.supervisorNotice({ callId: 'call-1', mode: 'barge' }),
    );
    expect(notice(barging)).toBe('barge');
    // A notice about another call does not show on this one.
    expect(
      notice(
        reduce(barging, RealtimeActions.supervisorNotice({ callId: 'call-2', mode: 'listen' })),
      ),
    ).toBeNull();
    expect(
      notice(reduce(barging, RealtimeActions.supervisorNotice({ callId: 'call-1', mode: null }))),
    ).toBeNull();
    // Once the call is over, nobody listens any more.
    const ended = reduce(
      barging,
      CallsApiActions.callActionSucceeded({ call: { ...live, state: 'wrap_up' } }),
    );
    expect(notice(ended)).toBeNull();
  });

  it('clears the call after wrap-up', () => {
    const inWrapUp = reduce(
      initialCallsState,
      CallsApiActions.currentCallLoaded({
        call: aCall({ state: 'wrap_up' }),
        offerExpiresAt: null,
        callerHistory: null,
        assist: null,
      }),
    );
    const done = reduce(
      inWrapUp,
      CallsApiActions.callActionSucceeded({ call: aCall({ state: 'completed' }) }),
    );
    expect(done.current).toBeNull();
  });

  it('follows the agent status and the connection', () => {
    const presence = aPresence({ status: 'on_call' });
    let state = reduce(initialCallsState, RealtimeActions.statusChanged({ presence }));
    expect(state.presence).toEqual(presence);

    state = reduce(state, RealtimeActions.connected());
    expect(state.connection).toBe('online');
    state = reduce(state, RealtimeActions.disconnected({ reason: 'transport close' }));
    expect(state.connection).toBe('offline');

    state = reduce(state, RealtimeActions.sessionEnded({ reason: 'token_expired' }));
    expect(state.connection).toBe('offline');
    state = reduce(state, RealtimeActions.sessionEnded({ reason: 'revoked' }));
    state = reduce(state, RealtimeActions.disconnected({ reason: 'io server disconnect' }));
    expect(state.connection).toBe('ended');
  });

  it('remembers the history page asked for', () => {
    const state = reduce(
      initialCallsState,
      CallsActions.historyPageRequested({ page: 3, pageSize: 25 }),
    );
    expect(state.historyQuery).toEqual({ page: 3, pageSize: 25 });
    expect(state.historyLoading).toBe(true);
  });

  it('forgets everything on sign-out', () => {
    expect(reduce(ringing(), AuthActions.signOut())).toEqual(initialCallsState);
    expect(reduce(ringing(), AuthActions.sessionExpired())).toEqual(initialCallsState);
  });
});

describe('a consult the PBX reports failed', () => {
  const live = (state: CallsState) =>
    reduce(state, RealtimeActions.callUpdated({ call: aCall({ state: 'connected' }) }));

  it('tells the agent why while the call is live, until the next consult', () => {
    const failed = reduce(
      live(ringing()),
      RealtimeActions.consultFailed({ callId: 'call-1', reason: 'busy' }),
    );
    expect(selectConsultFailure({ calls: failed })).toBe('busy');
    // Not for another call, nor once a consult is open again.
    expect(
      selectConsultFailure({ calls: { ...failed, current: aCall({ id: 'call-2' }) } }),
    ).toBeNull();
    const again = reduce(
      failed,
      CallsActions.startConsult({ callId: 'call-1', target: { type: 'number', to: '+15550177' } }),
    );
    expect(again.consultFailure).toBeNull();
    expect(selectConsultFailure({ calls: again })).toBeNull();
  });
});
