import {
  Component,
  DestroyRef,
  OnDestroy,
  afterNextRender,
  computed,
  inject,
  signal,
} from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { Store } from '@ngrx/store';
import { EMPTY, Observable, switchMap } from 'rxjs';

import { AgentSkill, AssistMode, Permission, PresenceView } from '@poscalls4u/contracts';
import {
  apiErrorMessage,
  selectHasPermission,
  selectTeamsWithPermission,
  selectUser,
} from '@poscalls4u/web-auth';
import { CallAssists, SkillsApi } from '@poscalls4u/web-calls';
import { afterNextPaint, toApiFailure } from '@poscalls4u/web-core';
import {
  StatsActions,
  loadingKpiTiles,
  pointsUntil,
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
import { IntervalChartComponent } from '@poscalls4u/web-stats/chart';
import { roleLabel } from '@poscalls4u/web-ui';
import { confirmAction } from '@poscalls4u/web-ui/confirm-dialog';

import { AgentActionsApi } from './agent-actions-api';
import { AgentDayDialogComponent, AgentDayDialogData } from './agent-day-dialog';
import { AgentAction, AgentGridComponent } from './agent-grid';
import { AlertsListComponent } from './alerts-list';
import { injectNow } from './clock';
import { KpiTilesComponent } from './kpi-tiles';
import { LiveStaffingComponent } from './live-staffing';
import { WaitingCallsComponent } from './waiting-calls';

/** How often the open dashboard re-reads the server's figures and alerts (evaluated every 5 s). */
const DASHBOARD_REREAD_MS = 10_000;
const QUARTER_HOUR_MS = 15 * 60 * 1000;

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
  providers: [CallAssists],
})
export class DashboardPage implements OnDestroy {
  private readonly store = inject(Store);

  protected readonly user = this.store.selectSignal(selectUser);
  protected readonly dashboard = this.store.selectSignal(selectDashboard);
  protected readonly loadingTiles = loadingKpiTiles();
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
  // The clock ticks every second; the chart changes only when a new quarter hour begins.
  private readonly quarterHour = computed(() =>
    Math.floor((this.now() + this.clockOffsetMs()) / QUARTER_HOUR_MS),
  );
  /** Today's intervals up to the one in progress: the rest of the day is not on the chart. */
  protected readonly chartPoints = computed(() =>
    pointsUntil(this.intervals(), (this.quarterHour() + 1) * QUARTER_HOUR_MS - 1),
  );
  protected readonly canManageAgents = this.store.selectSignal(
    selectHasPermission(Permission.PresenceForce),
  );
  /** Agents of several teams mix in the whole-center (or all-my-teams) view: name their teams. */
  protected readonly showTeamColumn = computed(
    () => this.teamFilter() === null && this.teams().length > 1,
  );
  protected readonly agentNotice = signal<string | null>(null);
  protected readonly agentError = signal<string | null>(null);
  private readonly dialog = inject(MatDialog);
  private readonly agentApi = inject(AgentActionsApi);
  private readonly callAssists = inject(CallAssists);
  protected readonly assists = this.callAssists.assists;
  protected readonly assistError = this.callAssists.error;
  protected readonly assistPending = this.callAssists.pending;
  private readonly skillsApi = inject(SkillsApi);
  /** The agents' routing skills, read when the page opens. */
  protected readonly agentSkills = signal<ReadonlyMap<string, AgentSkill[]>>(new Map());
  private readonly memberTeamIds = this.store.selectSignal(
    selectTeamsWithPermission(Permission.TeamMembers),
  );
  protected readonly monitorTeamIds = this.store.selectSignal(
    selectTeamsWithPermission(Permission.CallsMonitor),
  );

  // The server ends an alert (the caller hung up, the level recovered) at its next evaluation,
  // without an event of its own: re-reading the dashboard this often keeps the list true.
  private readonly reread = setInterval(() => this.refresh(), DASHBOARD_REREAD_MS);

  constructor() {
    const destroyRef = inject(DestroyRef);
    // The page (the tiles' names while loading) is drawn first; its reads and the live
    // connection start just after (a frame later), so that on a phone their requests and
    // answers do not hold back its first paint.
    afterNextRender({
      read: () =>
        void afterNextPaint().then(() => {
          if (destroyRef.destroyed) return;
          this.store.dispatch(StatsActions.dashboardOpened());
          this.callAssists.follow(destroyRef);
          this.loadSkills();
        }),
    });
  }

  private loadSkills(): void {
    // Supervisors without `team:members` anywhere have none to show (403): the column stays empty.
    if (this.memberTeamIds()?.length === 0) return;
    this.skillsApi.agentsSkills().subscribe({
      next: (agents) =>
        this.agentSkills.set(new Map(agents.map((agent) => [agent.userId, agent.skills]))),
      error: () => undefined,
    });
  }

  /** Listen, whisper or barge into a live call from the grid, or stop (`mode` null). */
  protected setAssist(callId: string, mode: AssistMode | null): void {
    this.callAssists.set(callId, mode);
  }

  ngOnDestroy(): void {
    clearInterval(this.reread);
    this.store.dispatch(StatsActions.dashboardClosed());
  }

  protected filterTeam(value: string): void {
    this.store.dispatch(StatsActions.teamFilterChanged({ teamId: value === '' ? null : value }));
  }

  /** The grid's menu: the drill-down at once; state changes and sign-out after a confirmation. */
  protected onAgentAction({ kind, agent }: AgentAction): void {
    this.agentNotice.set(null);
    this.agentError.set(null);
    if (kind === 'timeline') {
      this.dialog.open<AgentDayDialogComponent, AgentDayDialogData>(AgentDayDialogComponent, {
        data: { agent },
        width: '40rem',
        maxWidth: '95vw',
      });
      return;
    }
    const question = {
      break: {
        title: `Put ${agent.name} on a break?`,
        message: 'No calls are offered to them until they make themselves available again.',
        confirmLabel: 'Put on break',
        done: `${agent.name} is on a break.`,
      },
      offline: {
        title: `Set ${agent.name} offline?`,
        message: 'No calls are offered to them until they make themselves available again.',
        confirmLabel: 'Set offline',
        done: `${agent.name} is offline.`,
      },
      'sign-out': {
        title: `Sign ${agent.name} out?`,
        message:
          'Their console returns to the sign-in page on every device, and no calls are offered to them.',
        confirmLabel: 'Sign out',
        done: `${agent.name} is signed out.`,
      },
    }[kind];
    const action = (): Observable<PresenceView> =>
      kind === 'sign-out'
        ? this.agentApi.signOut(agent.userId)
        : this.agentApi.force(agent.userId, kind);
    confirmAction(this.dialog, { ...question, destructive: kind === 'sign-out' })
      .pipe(switchMap((confirmed) => (confirmed ? action() : EMPTY)))
      .subscribe({
        next: () => {
          this.agentNotice.set(question.done);
          this.refresh();
        },
        error: (error: unknown) =>
          this.agentError.set(
            apiErrorMessage(toApiFailure(error), {}, 'That did not work. Try again.'),
          ),
      });
  }

  protected refresh(): void {
    this.store.dispatch(StatsActions.refreshRequested());
  }
}
