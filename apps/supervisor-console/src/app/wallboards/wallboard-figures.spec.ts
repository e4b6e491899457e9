import { DashboardUpdateEvent, WallboardTeamView } from '@poscalls4u/contracts';

import {
  BoardTeam,
  applyUpdate,
  boardOf,
  clock,
  longestWaitNow,
  serviceLevelTone,
  staffingTone,
  waitTone,
} from './wallboard-figures';

const team = (overrides: Partial<WallboardTeamView> = {}): WallboardTeamView =>
  ({
    teamId: 't1',
    name: 'Support',
    serviceLevelTargetPercent: 80,
    serviceLevelThresholdSeconds: 20,
    thresholds: {
      serviceLevelBelowPercent: 80,
      callWaitingLongerThanSeconds: 60,
      agentOnBreakLongerThanMinutes: 15,
    },
    today: { serviceLevelPercent: 90, answered: 10, abandoned: 1 },
    live: {
      callsWaiting: 1,
      longestCurrentWaitSeconds: 50,
      agents: { available: 1, onCall: 2, wrapUp: 0, break: 0, offline: 3 },
    },
    staffing: { agentsNeeded: 3, agentsStaffed: 3, understaffed: false },
    ...overrides,
  }) as WallboardTeamView;

describe('wallboard figures', () => {
  const view = { name: 'Floor', rotationSeconds: 15, generatedAt: '2026-12-07T09:00:00.000Z' };

  it("applies a team's update, newer than the read, and leaves other scopes alone", () => {
    const board = boardOf({ ...view, teams: [team()] }, 1000);
    const update = {
      scope: { kind: 'team', teamId: 't1' },
      today: { serviceLevelPercent: 70 },
      live: { callsWaiting: 4, longestCurrentWaitSeconds: 5, agents: team().live.agents },
      staffing: { agentsNeeded: 5, agentsStaffed: 3, understaffed: true },
      at: '2026-12-07T09:00:01.000Z',
    } as DashboardUpdateEvent;
    const next = applyUpdate(board, update, 2000);
    expect(next.teams[0]).toMatchObject({ live: { callsWaiting: 4 }, liveAt: 2000 });
    expect(staffingTone(next.teams[0] as BoardTeam)).toBe('bad');
    expect(serviceLevelTone(next.teams[0] as BoardTeam)).toBe('bad');
    expect(applyUpdate(board, { ...update, at: '2026-12-07T08:59:59.000Z' }, 2000)).toBe(board);
    expect(applyUpdate(board, { ...update, scope: { kind: 'center' } }, 2000)).toBe(board);
    expect(applyUpdate(board, { ...update, scope: { kind: 'team', teamId: 'other' } }, 2000)).toBe(
      board,
    );
  });

  it('keeps the figures pushed while a read was on its way', () => {
    const pushed = applyUpdate(
      boardOf({ ...view, teams: [team()] }, 1000),
      {
        scope: { kind: 'team', teamId: 't1' },
        today: team().today,
        live: { ...team().live, callsWaiting: 9 },
        at: '2026-12-07T09:00:02.000Z',
      },
      3000,
    );
    // A read generated before the push keeps the pushed figures; a later one replaces them.
    const older = {
      ...view,
      generatedAt: '2026-12-07T09:00:01.000Z',
      teams: [team({ name: 'Desk' })],
    };
    expect(boardOf(older, 4000, pushed).teams[0]).toMatchObject({
      name: 'Desk',
      liveAt: 3000,
      live: { callsWaiting: 9 },
    });
    const newer = { ...older, generatedAt: '2026-12-07T09:00:03.000Z' };
    expect(boardOf(newer, 4000, pushed).teams[0]).toMatchObject({
      liveAt: 4000,
      live: { callsWaiting: 1 },
    });
  });

  it('ticks the longest wait and colours it past the threshold', () => {
    const board = boardOf({ ...view, teams: [team()] }, 1000);
    const shown = board.teams[0] as BoardTeam;
    expect(longestWaitNow(shown, 1000)).toBe(50);
    expect(waitTone(shown, 1000)).toBe('ok');
    expect(longestWaitNow(shown, 12_500)).toBe(61);
    expect(waitTone(shown, 12_500)).toBe('bad');
    const idle = { ...shown, live: { ...shown.live, callsWaiting: 0 } };
    expect(longestWaitNow(idle, 99_000)).toBe(0);
  });

  it('says nothing of a figure without a threshold or a value', () => {
    const off = team({
      thresholds: {
        serviceLevelBelowPercent: null,
        callWaitingLongerThanSeconds: null,
        agentOnBreakLongerThanMinutes: null,
      },
    });
    expect(serviceLevelTone(off)).toBe('none');
    expect(waitTone({ ...off, liveAt: 0, figuresAt: view.generatedAt }, 0)).toBe('none');
    expect(staffingTone(team({ staffing: { agentsNeeded: null } as never }))).toBe('none');
    expect(serviceLevelTone(team())).toBe('ok');
  });

  it('writes durations as a clock', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(75)).toBe('1:15');
    expect(clock(3725)).toBe('1:02:05');
  });
});
