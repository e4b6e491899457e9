import { createFeature, createReducer, on } from '@ngrx/store';

import {
  AgentGridRow,
  AgentStatusEvent,
  DashboardUpdateEvent,
  DashboardView,
} from '@poscalls4u/contracts';
import { AuthActions } from '@poscalls4u/web-auth';

import { StatsActions, StatsApiActions, StatsRealtimeActions } from './stats.actions';

/** `connecting` until the first connect, `offline` after a drop (Socket.IO keeps retrying). */
export type StatsConnection = 'connecting' | 'online' | 'offline';

export interface StatsState {
  dashboard: DashboardView | null;
  /**
   * The API's clock minus this machine's, in ms, measured when the dashboard arrived: the
   * ticking wait and time-in-state timers count from the API's instants on the API's clock.
   */
  clockOffsetMs: number;
  loading: boolean;
  error: string | null;
  connection: StatsConnection;
  /** Null: all the teams in view. */
  teamFilter: string | null;
}

export const initialStatsState: StatsState = {
  dashboard: null,
  clockOffsetMs: 0,
  loading: false,
  error: null,
  connection: 'connecting',
  teamFilter: null,
};

/**
 * Applies a scope's fresh figures to the dashboard in view: the top-level tiles when the scope
 * is the dashboard's own (the center for an admin, the one team of a one-team supervisor, the
 * agent), and the team's entry. Figures older than the dashboard itself are ignored.
 */
export function applyDashboardUpdate(
  dashboard: DashboardView,
  update: DashboardUpdateEvent,
): DashboardView {
  if (Date.parse(update.at) < Date.parse(dashboard.generatedAt)) {
    return dashboard;
  }
  const { today, live } = update;
  const scope = update.scope;
  switch (scope.kind) {
    case 'center':
      return dashboard.scope === 'center' ? { ...dashboard, today, live } : dashboard;
    case 'agent':
      return dashboard.scope === 'agent' ? { ...dashboard, today, live } : dashboard;
    case 'team': {
      if (!dashboard.teams.some((team) => team.teamId === scope.teamId)) {
        return dashboard;
      }
      const teams = dashboard.teams.map((team) =>
        team.teamId === scope.teamId
          ? { ...team, today, live, staffing: update.staffing ?? team.staffing }
          : team,
      );
      const onlyTeam = dashboard.scope === 'teams' && dashboard.teams.length === 1;
      return onlyTeam ? { ...dashboard, teams, today, live } : { ...dashboard, teams };
    }
  }
}

/** True when `applyDashboardUpdate` keeps the top-level figures exact (no refetch needed). */
export function updatesTopLevel(dashboard: DashboardView, update: DashboardUpdateEvent): boolean {
  switch (update.scope.kind) {
    case 'center':
      return dashboard.scope === 'center';
    case 'agent':
      return dashboard.scope === 'agent';
    case 'team':
      return dashboard.scope === 'teams' && dashboard.teams.length === 1;
  }
}

/** An agent's new state in the grid at once; today's counts follow with the next refetch. */
export function applyAgentStatus(rows: AgentGridRow[], event: AgentStatusEvent): AgentGridRow[] {
  return rows.map((row) =>
    row.userId === event.userId
      ? {
          ...row,
          status: event.status,
          reason: event.reason?.label ?? null,
          since: event.since,
          currentCall:
            event.status === 'on_call' || event.status === 'wrap_up' ? row.currentCall : null,
        }
      : row,
  );
}

export const statsFeature = createFeature({
  name: 'stats',
  reducer: createReducer(
    initialStatsState,
    on(StatsActions.dashboardOpened, (state) => ({ ...state, loading: true, error: null })),
    on(StatsActions.refreshRequested, (state) => ({ ...state, error: null })),
    on(StatsActions.teamFilterChanged, (state, { teamId }) => ({ ...state, teamFilter: teamId })),
    on(StatsApiActions.dashboardLoaded, (state, { dashboard, receivedAt }) => {
      const generatedAt = Date.parse(dashboard.generatedAt);
      return {
        ...state,
        dashboard,
        clockOffsetMs: Number.isNaN(generatedAt) ? 0 : generatedAt - receivedAt,
        loading: false,
        error: null,
        // A filter on a team no longer in view would show nothing.
        teamFilter: dashboard.teams.some((team) => team.teamId === state.teamFilter)
          ? state.teamFilter
          : null,
      };
    }),
    on(StatsApiActions.dashboardFailed, (state, { message }) => ({
      ...state,
      loading: false,
      error: message,
    })),
    on(StatsRealtimeActions.connected, (state) => ({ ...state, connection: 'online' as const })),
    on(StatsRealtimeActions.disconnected, (state) => ({
      ...state,
      connection: 'offline' as const,
    })),
    on(StatsRealtimeActions.dashboardUpdated, (state, { update }) =>
      state.dashboard === null
        ? state
        : { ...state, dashboard: applyDashboardUpdate(state.dashboard, update) },
    ),
    on(StatsRealtimeActions.agentStatusChanged, (state, { event }) =>
      state.dashboard === null
        ? state
        : {
            ...state,
            dashboard: {
              ...state.dashboard,
              agents: applyAgentStatus(state.dashboard.agents, event),
            },
          },
    ),
    on(StatsActions.dashboardClosed, (state) => ({ ...state, connection: 'connecting' as const })),
    on(
      AuthActions.signOut,
      AuthActions.sessionExpired,
      AuthActions.signedOutEverywhere,
      () => initialStatsState,
    ),
  ),
});
