import { aDashboard, aFigures, aLive, aTeam, anAgentRow } from '../../testing/fixtures';
import { StatsState, initialStatsState } from './stats.reducer';
import {
  selectAgentRows,
  selectDashboardAlerts,
  selectKpiTiles,
  selectTileTargets,
  selectWaitingCalls,
} from './stats.selectors';

const twoTeams = aDashboard({
  teams: [
    aTeam(),
    aTeam({
      teamId: 'team-2',
      name: 'Sales',
      serviceLevelTargetPercent: 70,
      serviceLevelThresholdSeconds: 30,
      today: aFigures({ offered: 99, serviceLevelPercent: 90 }),
      live: aLive({ callsWaiting: 5 }),
    }),
  ],
  agents: [anAgentRow(), anAgentRow({ userId: 'agent-6', teamIds: ['team-2'] })],
  alerts: [
    {
      id: 'long_wait:team-2:c9',
      kind: 'long_wait',
      teamId: 'team-2',
      level: 'warning',
      message: 'A call has waited 2:00',
      since: '',
    },
  ],
});

const state = (teamFilter: string | null): { stats: StatsState } => ({
  stats: { ...initialStatsState, dashboard: twoTeams, teamFilter },
});

describe('stats selectors', () => {
  it('judges all teams against the lowest target, one team against its own', () => {
    expect(selectTileTargets(state(null))).toEqual({
      serviceLevelTargetPercent: 70,
      serviceLevelThresholdSeconds: 20,
    });
    expect(selectTileTargets(state('team-2'))).toEqual({
      serviceLevelTargetPercent: 70,
      serviceLevelThresholdSeconds: 30,
    });
  });

  it('shows the filtered team in the tiles, marked against its target', () => {
    const all = selectKpiTiles(state(null));
    expect(all.find((tile) => tile.id === 'offered')?.value).toBe(10);
    expect(all.find((tile) => tile.id === 'service-level')?.status).toBe('off');

    const sales = selectKpiTiles(state('team-2'));
    expect(sales.find((tile) => tile.id === 'offered')?.value).toBe(99);
    expect(sales.find((tile) => tile.id === 'calls-waiting')?.value).toBe(5);
    expect(sales.find((tile) => tile.id === 'service-level')).toMatchObject({
      status: 'ok',
      display: '90 %',
      target: 'Target ≥ 70 % in 30 s',
    });
  });

  it('filters the grid, the waiting calls and the alerts by team', () => {
    expect(selectAgentRows(state(null)).map((row) => row.userId)).toEqual(['agent-1', 'agent-6']);
    expect(selectAgentRows(state('team-2')).map((row) => row.userId)).toEqual(['agent-6']);
    expect(selectWaitingCalls(state('team-2'))).toEqual([]);
    expect(selectWaitingCalls(state('team-1'))).toHaveLength(1);
    expect(selectDashboardAlerts(state('team-1'))).toEqual([]);
    expect(selectDashboardAlerts(state(null))).toHaveLength(1);
  });

  it('has no tiles before the dashboard arrives', () => {
    expect(selectKpiTiles({ stats: initialStatsState })).toEqual([]);
  });
});
