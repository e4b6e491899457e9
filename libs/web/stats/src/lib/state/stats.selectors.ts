import { createSelector } from '@ngrx/store';

import { AlertView, TeamDashboard } from '@poscalls4u/contracts';

import { KpiTile, TileTargets, kpiTiles } from '../kpi-format';
import { statsFeature } from './stats.reducer';

export const {
  selectDashboard,
  selectLoading: selectDashboardLoading,
  selectError: selectDashboardError,
  selectConnection: selectStatsConnection,
  selectTeamFilter,
  selectClockOffsetMs,
} = statsFeature;

/** The teams the viewer may filter by (several for a supervisor of several teams, all for admins). */
export const selectDashboardTeams = createSelector(
  selectDashboard,
  (dashboard): TeamDashboard[] => dashboard?.teams ?? [],
);

/** The team the filter picks, or null for all the teams in view. */
export const selectFilteredTeam = createSelector(
  selectDashboardTeams,
  selectTeamFilter,
  (teams, teamId) => teams.find((team) => team.teamId === teamId) ?? null,
);

/**
 * The targets the tiles compare against: the filtered team's; with several teams in view the
 * lowest service-level target and threshold among them (each team's own tile is one click away).
 */
export const selectTileTargets = createSelector(
  selectDashboardTeams,
  selectFilteredTeam,
  (teams, team): TileTargets => {
    const judged = team === null ? teams : [team];
    if (judged.length === 0) {
      return { serviceLevelTargetPercent: null, serviceLevelThresholdSeconds: null };
    }
    return {
      serviceLevelTargetPercent: Math.min(...judged.map((t) => t.serviceLevelTargetPercent)),
      serviceLevelThresholdSeconds: Math.min(...judged.map((t) => t.serviceLevelThresholdSeconds)),
    };
  },
);

/** The figures of the scope in view: the filtered team's, else the dashboard's own. */
export const selectScopeFigures = createSelector(
  selectDashboard,
  selectFilteredTeam,
  (dashboard, team) =>
    team !== null
      ? { today: team.today, live: team.live }
      : dashboard === null
        ? null
        : { today: dashboard.today, live: dashboard.live },
);

export const selectKpiTiles = createSelector(
  selectScopeFigures,
  selectTileTargets,
  (figures, targets): KpiTile[] =>
    figures === null ? [] : kpiTiles(figures.today, figures.live, targets),
);

export const selectAgentsByState = createSelector(
  selectScopeFigures,
  (figures) => figures?.live.agents ?? null,
);

/** Today by interval, for the chart (the dashboard's scope: the API has no per-team series here). */
export const selectIntervals = createSelector(
  selectDashboard,
  (dashboard) => dashboard?.intervals ?? [],
);

export const selectTimeZone = createSelector(
  selectDashboard,
  (dashboard) => dashboard?.timeZone ?? 'UTC',
);

export const selectAgentRows = createSelector(
  selectDashboard,
  selectTeamFilter,
  (dashboard, teamId) =>
    (dashboard?.agents ?? []).filter((row) => teamId === null || row.teamIds.includes(teamId)),
);

export const selectWaitingCalls = createSelector(
  selectDashboard,
  selectTeamFilter,
  (dashboard, teamId) =>
    (dashboard?.waitingCalls ?? []).filter((call) => teamId === null || call.teamId === teamId),
);

export const selectDashboardAlerts = createSelector(
  selectDashboard,
  selectTeamFilter,
  (dashboard, teamId): AlertView[] =>
    (dashboard?.alerts ?? []).filter((alert) => teamId === null || alert.teamId === teamId),
);

/** Team names by id, for the grid's and the alerts' team column. */
export const selectTeamNames = createSelector(
  selectDashboardTeams,
  (teams) => new Map(teams.map((team) => [team.teamId, team.name])),
);
