import { Component, OnDestroy, computed, inject } from '@angular/core';
import { Store } from '@ngrx/store';

import { selectUser } from '@poscalls4u/web-auth';
import {
  IntervalChartComponent,
  StatsActions,
  selectAgentRows,
  selectAgentsByState,
  selectClockOffsetMs,
  selectDashboard,
  selectDashboardAlerts,
  selectDashboardError,
  selectDashboardTeams,
  selectFilteredTeam,
  selectIntervals,
  selectKpiTiles,
  selectStatsConnection,
  selectTeamFilter,
  selectTeamNames,
  selectTimeZone,
  selectWaitingCalls,
} from '@poscalls4u/web-stats';
import { roleLabel } from '@poscalls4u/web-ui';

import { AgentGridComponent } from './agent-grid';
import { AlertsListComponent } from './alerts-list';
import { injectNow } from './clock';
import { KpiTilesComponent } from './kpi-tiles';
import { LiveStaffingComponent } from './live-staffing';
import { WaitingCallsComponent } from './waiting-calls';

/** How often the open dashboard re-reads the server's figures and alerts (evaluated every 5 s). */
const DASHBOARD_REREAD_MS = 10_000;

/**
 * The supervisor's home: today's KPIs of their teams (the center for admins), live. The `stats`
 * store holds it, fed by `GET /api/stats/dashboard` and the live events; this page reads it.
 */
@Component({
  selector: 'pc-dashboard-page',
  imports: [
    AgentGridComponent,
    AlertsListComponent,
    IntervalChartComponent,
    KpiTilesComponent,
    LiveStaffingComponent,
    WaitingCallsComponent,
  ],
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.scss',
})
export class DashboardPage implements OnDestroy {
  private readonly store = inject(Store);

  protected readonly user = this.store.selectSignal(selectUser);
  protected readonly dashboard = this.store.selectSignal(selectDashboard);
  protected readonly error = this.store.selectSignal(selectDashboardError);
  protected readonly connection = this.store.selectSignal(selectStatsConnection);
  protected readonly teams = this.store.selectSignal(selectDashboardTeams);
  protected readonly teamFilter = this.store.selectSignal(selectTeamFilter);
  protected readonly teamNames = this.store.selectSignal(selectTeamNames);
  private readonly filteredTeam = this.store.selectSignal(selectFilteredTeam);
  /** The teams whose live staffing shows: the filtered one, or every team in view. */
  protected readonly staffingTeams = computed(() => {
    const team = this.filteredTeam();
    return team ? [team] : this.teams();
  });
  protected readonly tiles = this.store.selectSignal(selectKpiTiles);
  protected readonly agentsByState = this.store.selectSignal(selectAgentsByState);
  protected readonly intervals = this.store.selectSignal(selectIntervals);
  protected readonly timeZone = this.store.selectSignal(selectTimeZone);
  protected readonly agents = this.store.selectSignal(selectAgentRows);
  protected readonly waitingCalls = this.store.selectSignal(selectWaitingCalls);
  protected readonly alerts = this.store.selectSignal(selectDashboardAlerts);
  protected readonly clockOffsetMs = this.store.selectSignal(selectClockOffsetMs);
  protected readonly now = injectNow();
  protected readonly roleLabel = roleLabel;

  // The server ends an alert (the caller hung up, the level recovered) at its next evaluation,
  // without an event of its own: re-reading the dashboard this often keeps the list true.
  private readonly reread = setInterval(() => this.refresh(), DASHBOARD_REREAD_MS);

  constructor() {
    this.store.dispatch(StatsActions.dashboardOpened());
  }

  ngOnDestroy(): void {
    clearInterval(this.reread);
    this.store.dispatch(StatsActions.dashboardClosed());
  }

  protected filterTeam(value: string): void {
    this.store.dispatch(StatsActions.teamFilterChanged({ teamId: value === '' ? null : value }));
  }

  protected refresh(): void {
    this.store.dispatch(StatsActions.refreshRequested());
  }
}
