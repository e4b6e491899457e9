import { DashboardUpdateEvent } from '@poscalls4u/contracts';
import { AuthActions } from '@poscalls4u/web-auth';

import { aDashboard, aFigures, aLive, aStaffing, aTeam, anAgentRow } from '../../testing/fixtures';
import { StatsActions, StatsApiActions, StatsRealtimeActions } from './stats.actions';
import {
  StatsState,
  applyDashboardUpdate,
  initialStatsState,
  statsFeature,
  updatesTopLevel,
} from './stats.reducer';

const reduce = statsFeature.reducer;

function update(
  scope: DashboardUpdateEvent['scope'],
  offered: number,
  at = '2026-11-25T09:01:01.000Z',
): DashboardUpdateEvent {
  return { scope, today: aFigures({ offered }), live: aLive({ callsWaiting: offered }), at };
}

describe('stats reducer', () => {
  const loaded = (dashboard = aDashboard()): StatsState =>
    reduce(
      initialStatsState,
      StatsApiActions.dashboardLoaded({
        dashboard,
        receivedAt: Date.parse('2026-11-25T09:00:58.000Z'),
      }),
    );

  it('keeps the API clock offset and the dashboard when loaded', () => {
    const state = loaded();
    expect(state.dashboard?.scope).toBe('teams');
    expect(state.clockOffsetMs).toBe(2000);
    expect(state.loading).toBe(false);
  });

  it('drops a team filter when the team is no longer in view', () => {
    let state = loaded();
    state = reduce(state, StatsActions.teamFilterChanged({ teamId: 'team-1' }));
    expect(state.teamFilter).toBe('team-1');
    state = reduce(
      state,
      StatsApiActions.dashboardLoaded({
        dashboard: aDashboard({ teams: [aTeam({ teamId: 'team-2' })] }),
        receivedAt: 0,
      }),
    );
    expect(state.teamFilter).toBeNull();
  });

  it('applies a team update to the team and, for a one-team supervisor, to the tiles', () => {
    const dashboard = aDashboard();
    const next = applyDashboardUpdate(dashboard, update({ kind: 'team', teamId: 'team-1' }, 42));
    expect(next.teams[0]?.today.offered).toBe(42);
    expect(next.today.offered).toBe(42);
    expect(next.live.callsWaiting).toBe(42);
    expect(updatesTopLevel(dashboard, update({ kind: 'team', teamId: 'team-1' }, 1))).toBe(true);
  });

  it("takes a team update's live staffing, and keeps the last one when it carries none", () => {
    const dashboard = aDashboard();
    const staffed = applyDashboardUpdate(dashboard, {
      ...update({ kind: 'team', teamId: 'team-1' }, 1),
      staffing: aStaffing({ agentsStaffed: 14, understaffed: false }),
    });
    expect(staffed.teams[0]?.staffing).toMatchObject({ agentsStaffed: 14, understaffed: false });
    const kept = applyDashboardUpdate(staffed, update({ kind: 'team', teamId: 'team-1' }, 2));
    expect(kept.teams[0]?.staffing.agentsStaffed).toBe(14);
  });

  it('leaves the summed tiles of several teams alone (a refetch sums them)', () => {
    const dashboard = aDashboard({ teams: [aTeam(), aTeam({ teamId: 'team-2', name: 'Sales' })] });
    const next = applyDashboardUpdate(dashboard, update({ kind: 'team', teamId: 'team-2' }, 42));
    expect(next.teams[1]?.today.offered).toBe(42);
    expect(next.today.offered).toBe(10);
    expect(updatesTopLevel(dashboard, update({ kind: 'team', teamId: 'team-2' }, 1))).toBe(false);
  });

  it('applies the center to an admin, ignores other teams and stale figures', () => {
    const center = aDashboard({ scope: 'center' });
    expect(applyDashboardUpdate(center, update({ kind: 'center' }, 7)).today.offered).toBe(7);
    const teams = aDashboard();
    expect(applyDashboardUpdate(teams, update({ kind: 'center' }, 7))).toBe(teams);
    expect(applyDashboardUpdate(teams, update({ kind: 'team', teamId: 'other' }, 7))).toBe(teams);
    const stale = update({ kind: 'center' }, 7, '2026-11-25T09:00:59.000Z');
    expect(applyDashboardUpdate(center, stale)).toBe(center);
  });

  it('applies the agent scope to an agent dashboard', () => {
    const mine = aDashboard({ scope: 'agent', teams: [], agents: [] });
    expect(
      applyDashboardUpdate(mine, update({ kind: 'agent', agentId: 'a1' }, 3)).today.offered,
    ).toBe(3);
  });

  it('moves an agent in the grid at once on agent:status', () => {
    const state = reduce(
      loaded(
        aDashboard({
          agents: [
            anAgentRow({
              status: 'on_call',
              currentCall: { id: 'c', state: 'connected', from: '1', to: '2', teamId: 'team-1' },
            }),
          ],
        }),
      ),
      StatsRealtimeActions.agentStatusChanged({
        event: {
          userId: 'agent-1',
          name: 'Amara Okafor',
          status: 'break',
          reason: { code: 'lunch', label: 'Lunch', systemOnly: false, isActive: true },
          since: '2026-11-25T09:02:00.000Z',
          forcedBy: null,
          next: null,
          teamIds: ['team-1'],
        },
      }),
    );
    expect(state.dashboard?.agents[0]).toMatchObject({
      status: 'break',
      reason: 'Lunch',
      since: '2026-11-25T09:02:00.000Z',
      currentCall: null,
    });
  });

  it('tracks the connection and forgets everything on sign-out', () => {
    let state = reduce(loaded(), StatsRealtimeActions.connected());
    expect(state.connection).toBe('online');
    state = reduce(state, StatsRealtimeActions.disconnected({ reason: 'transport close' }));
    expect(state.connection).toBe('offline');
    expect(reduce(state, AuthActions.signOut())).toEqual(initialStatsState);
  });

  it('says why the dashboard failed', () => {
    const state = reduce(initialStatsState, StatsApiActions.dashboardFailed({ message: 'No' }));
    expect(state.error).toBe('No');
  });
});
