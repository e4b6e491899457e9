import { aCall, aPresence } from '../../testing/fixtures';
import { callPhase, concernsAgent } from './call-phase';
import { CallsState, initialCallsState } from './calls.reducer';
import {
  selectActiveDispositions,
  selectAgentStatus,
  selectCallPhase,
  selectCallerHistory,
  selectCanChangeStatus,
  selectCanChooseNextStatus,
  selectHasNoTeam,
  selectRingingCall,
} from './calls.selectors';

const withCalls = (calls: Partial<CallsState>) => ({ calls: { ...initialCallsState, ...calls } });

describe('callPhase', () => {
  it.each([
    ['offered', 'ringing'],
    ['dialing', 'live'],
    ['connected', 'live'],
    ['on_hold', 'live'],
    ['wrap_up', 'wrap-up'],
    ['completed', 'idle'],
    ['queued', 'idle'],
  ] as const)('a %s call is %s', (state, phase) => {
    expect(callPhase(aCall({ state }))).toBe(phase);
  });

  it('is idle without a call', () => {
    expect(callPhase(null)).toBe('idle');
  });
});

describe('concernsAgent', () => {
  it('takes the current call whatever happened to it', () => {
    const takenBack = aCall({ state: 'queued', agent: null });
    expect(concernsAgent(takenBack, 'agent-1', 'call-1')).toBe(true);
  });

  it("takes a new call of the agent's and leaves the team's other calls", () => {
    expect(concernsAgent(aCall({ id: 'c2', state: 'dialing' }), 'agent-1', null)).toBe(true);
    const colleagues = aCall({ id: 'c3', agent: { id: 'agent-2', name: 'Ben' } });
    expect(concernsAgent(colleagues, 'agent-1', 'call-1')).toBe(false);
    expect(concernsAgent(aCall({ id: 'c4', state: 'completed' }), 'agent-1', null)).toBe(false);
  });

  it("takes a colleague's call while the agent is on its conference, not once they left it", () => {
    const party = (state: 'joined' | 'left') => ({
      id: `p-${state}`,
      kind: 'agent' as const,
      user: { id: 'agent-1', name: 'Amara' },
      number: null,
      state,
      addedAt: '2026-11-25T09:02:00.000Z',
      joinedAt: '2026-11-25T09:02:00.000Z',
      leftAt: state === 'left' ? '2026-11-25T09:03:00.000Z' : null,
      leftReason: state === 'left' ? ('left' as const) : null,
    });
    const conference = (state: 'joined' | 'left') =>
      aCall({
        id: 'c5',
        agent: { id: 'agent-2', name: 'Ben' },
        conference: {
          startedAt: '2026-11-25T09:02:00.000Z',
          endedAt: null,
          parties: [party(state)],
        },
      });
    expect(concernsAgent(conference('joined'), 'agent-1', null)).toBe(true);
    expect(concernsAgent(conference('left'), 'agent-1', null)).toBe(false);
  });
});

describe('calls selectors', () => {
  it('reads offline until the status is known', () => {
    expect(selectAgentStatus(withCalls({}))).toBe('offline');
    expect(selectAgentStatus(withCalls({ presence: aPresence() }))).toBe('available');
  });

  it('derives the phase from the current call', () => {
    expect(selectCallPhase(withCalls({ current: aCall({ state: 'wrap_up' }) }))).toBe('wrap-up');
  });

  it('lets the agent change status only between calls', () => {
    expect(selectCanChangeStatus(withCalls({ presence: aPresence() }))).toBe(true);
    expect(selectCanChangeStatus(withCalls({ presence: aPresence(), current: aCall() }))).toBe(
      false,
    );
    expect(
      selectCanChangeStatus(
        withCalls({ presence: aPresence({ status: 'wrap_up' }), current: aCall() }),
      ),
    ).toBe(false);
    // In wrap-up with no call on the screen: the after-call work of a conference the agent left
    // (the call went on without them), which they end by choosing their state.
    expect(selectCanChangeStatus(withCalls({ presence: aPresence({ status: 'wrap_up' }) }))).toBe(
      true,
    );
  });

  it('knows an agent in no team only once the teams are loaded', () => {
    expect(selectHasNoTeam(withCalls({}))).toBe(false);
    expect(selectHasNoTeam(withCalls({ teamsLoaded: true }))).toBe(true);
  });

  it('lets the agent choose a next status while they hold a call', () => {
    expect(selectCanChooseNextStatus(withCalls({ presence: aPresence() }))).toBe(false);
    expect(selectCanChooseNextStatus(withCalls({ presence: aPresence(), current: aCall() }))).toBe(
      true,
    );
    // After-call work with no call: the agent chooses their state itself, not a next one.
    expect(
      selectCanChooseNextStatus(withCalls({ presence: aPresence({ status: 'wrap_up' }) })),
    ).toBe(false);
  });

  it('picks the ringing call', () => {
    expect(selectRingingCall(withCalls({ current: aCall() }))?.id).toBe('call-1');
    expect(selectRingingCall(withCalls({ current: aCall({ state: 'connected' }) }))).toBeNull();
  });

  it('offers only active dispositions', () => {
    const dispositions = [
      { code: 'sale', label: 'Sale', isSuccess: true, isActive: true },
      { code: 'old', label: 'Old', isSuccess: false, isActive: false },
    ];
    expect(selectActiveDispositions(withCalls({ dispositions })).map((d) => d.code)).toEqual([
      'sale',
    ]);
  });
});

describe('selectCallerHistory', () => {
  const history = { calls: [], total: 4, crmUrl: null };

  it("gives the history loaded for the current call, and not another call's", () => {
    const loaded = { callId: 'call-1', history };
    expect(selectCallerHistory(withCalls({ current: aCall(), callerHistory: loaded }))).toBe(
      history,
    );
    expect(
      selectCallerHistory(withCalls({ current: aCall({ id: 'call-2' }), callerHistory: loaded })),
    ).toBeNull();
    expect(selectCallerHistory(withCalls({ current: null, callerHistory: loaded }))).toBeNull();
  });
});
