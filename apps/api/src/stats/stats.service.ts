import { Injectable } from '@nestjs/common';

import {
  AgentFigurePeriod,
  AgentGridRow,
  CallStatsView,
  DashboardView,
  KpiFigures,
  LiveStaffing,
  Permission,
  Role,
  StatsBreakdownRow,
  StatsGroupBy,
  StatsRangeQuery,
  StatsReportView,
  TeamAlertThresholds,
  TeamDashboard,
  WallboardTeamView,
} from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { AppException } from '../platform/http';
import { TeamAccess } from '../teams';
import { AlertsService } from './alerts.service';
import { CallStatsQueryDto, StatsRangeQueryDto } from './dto/stats.dto';
import { FigureScope, IdFilter } from './figure-scope';
import { addStateTime, addSums, emptySums, toKpiFigures } from './kpi-figures';
import { LiveStaffingService } from './live-staffing';
import { StatsFiguresService, StatsSettings } from './stats-figures.service';
import {
  Period,
  agentPeriod,
  calendarDay,
  intervalSeries,
  isoInZone,
  localDay,
  parsePeriod,
  reportInterval,
  seriesInZone,
  todaySoFar,
} from './stats-period';
import { StatsRepository, TeamRecord } from './stats.repository';

/** A report's resolved scope: what its figures cover and what a breakdown may list. */
interface ReportScope {
  figures: FigureScope;
  /** Teams a team breakdown lists ('all': every team). */
  teams: IdFilter;
  /** Agents an agent breakdown lists ('all': every agent). */
  agents: IdFilter;
}

/** One interval of a local day with the figures a forecast uses. */
interface TeamDayInterval {
  /** Local start and end, ISO 8601 with the zone's offset. */
  start: string;
  end: string;
  /** Local clock time of the start, HH:MM (twice on the day the clocks go back). */
  localTime: string;
  offered: number;
  handled: number;
  /** Talk + hold + after-call work of the handled calls. */
  handleMs: number;
}

/** A team's intervals on some local days: `StatsService.teamDays`. */
interface TeamDays {
  team: {
    id: string;
    name: string;
    serviceLevelTargetPercent: number;
    serviceLevelThresholdSeconds: number;
  };
  timeZone: string;
  days: { date: string; intervals: TeamDayInterval[] }[];
}

const NO_SUCH_TEAM = 'No such team.';
const NO_SUCH_AGENT = 'No such agent.';
/** The rollups' bucket: 15 minutes. */
const BUCKET_MS = 15 * 60_000;

/**
 * The statistics read side: who may see which figures, and the views of the dashboard, the
 * team/agent reports and the call statistics. Figures come from StatsFiguresService (rollups).
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly repository: StatsRepository,
    private readonly figures: StatsFiguresService,
    private readonly alerts: AlertsService,
    private readonly access: TeamAccess,
    private readonly staffing: LiveStaffingService,
  ) {}

  async dashboard(caller: AuthUser, now = new Date()): Promise<DashboardView> {
    const settings = await this.figures.settings();
    const day = localDay(now, settings.timeZone);
    const series = intervalSeries(day, '15m', settings.timeZone);
    if (caller.role === Role.Agent) return this.agentDashboard(caller, settings, day, now);

    const isAdmin = caller.role === Role.Admin;
    const held = await this.access.teamsHolding(caller, Permission.StatsTeam);
    const teams = (await this.repository.activeTeams(isAdmin ? undefined : caller.id)).filter(
      (team) => held === 'all' || held.includes(team.id),
    );
    const teamIds = teams.map((team) => team.id);
    const members = await this.repository.agentMembers(teamIds);
    const memberIds = [...members.keys()];
    // The center counts every team and every agent row; a supervisor's view their teams' members.
    const scope: FigureScope = isAdmin
      ? { kind: 'teams', teams: 'all', agents: 'all' }
      : { kind: 'teams', teams: teamIds, agents: memberIds };
    const [scoped, byTeam, byAgent, grid, waiting, summaries, alerts, staffing] = await Promise.all(
      [
        this.figures.sums(scope, day, series, now),
        this.repository.teamSums(teamIds, day, { byKey: true }),
        this.figures.agentSumsByAgent(memberIds, day, now),
        this.repository.agentRecords(members),
        this.repository.waitingCalls(teamIds),
        this.repository.waitingSummaries(teamIds),
        this.alerts.active(teamIds),
        this.staffing.forTeams(teams, now),
      ],
    );

    const teamDashboards: TeamDashboard[] = teams.map((team) => {
      const sums = emptySums();
      for (const row of byTeam) if (row.key === team.id) addSums(sums, row.sums);
      for (const [agentId, agentSums] of byAgent) {
        if (members.get(agentId)?.includes(team.id)) addStateTime(sums, agentSums);
      }
      return {
        teamId: team.id,
        name: team.name,
        serviceLevelTargetPercent: team.serviceLevelTargetPercent,
        serviceLevelThresholdSeconds: team.serviceLevelThresholdSeconds,
        today: toKpiFigures(sums),
        live: this.figures.live(
          StatsFiguresService.waitingOf(summaries, [team.id]),
          grid.filter((agent) => agent.teamIds.includes(team.id)).map((agent) => agent.status),
          now,
        ),
        staffing: staffing.get(team.id) as LiveStaffing,
      };
    });
    const agents: AgentGridRow[] = grid.map((agent) => {
      const today = toKpiFigures(byAgent.get(agent.userId) ?? emptySums());
      return {
        userId: agent.userId,
        name: agent.name,
        teamIds: agent.teamIds,
        status: agent.status,
        reason: agent.reason,
        since: (agent.since ?? new Date(0)).toISOString(),
        currentCall: agent.currentCall,
        handledToday: today.handled,
        ahtSecondsToday: today.ahtSeconds,
      };
    });
    return {
      scope: isAdmin ? 'center' : 'teams',
      timeZone: settings.timeZone,
      day: this.dayView(day, settings),
      today: toKpiFigures(scoped.total),
      live: this.figures.live(
        [...summaries.values()],
        grid.map((agent) => agent.status),
        now,
      ),
      intervals: series.map((interval, i) => ({
        start: isoInZone(interval.start, settings.timeZone),
        end: isoInZone(interval.end, settings.timeZone),
        figures: toKpiFigures(scoped.intervals[i] ?? emptySums()),
      })),
      teams: teamDashboards,
      agents,
      waitingCalls: waiting.map((call) => ({
        ...call,
        queuedAt: call.queuedAt.toISOString(),
        waitingSeconds: Math.max(0, Math.round((now.getTime() - call.queuedAt.getTime()) / 1000)),
      })),
      alerts,
      generatedAt: now.toISOString(),
    };
  }

  /**
   * The wallboard's figures of these teams (the active ones, in the order given): today so far,
   * live values, live staffing and the alert thresholds its colours follow. No caller: the
   * wallboard credential's scope was checked by its owner (workforce) and holds these teams.
   */
  async teamBoards(teamIds: string[], now = new Date()): Promise<WallboardTeamView[]> {
    const active = await this.repository.activeTeams();
    const teams = teamIds.flatMap((id) => active.filter((team) => team.id === id));
    if (teams.length === 0) return [];
    const ids = teams.map((team) => team.id);
    const { timeZone } = await this.figures.settings();
    const members = await this.repository.agentMembers(ids);
    const [byTeam, byAgent, grid, summaries, staffing, thresholds] = await Promise.all([
      this.repository.teamSums(ids, localDay(now, timeZone), { byKey: true }),
      this.figures.agentSumsByAgent([...members.keys()], localDay(now, timeZone), now),
      this.repository.agentRecords(members),
      this.repository.waitingSummaries(ids),
      this.staffing.forTeams(teams, now),
      this.alerts.thresholdsOf(teams),
    ]);
    return teams.map((team) => {
      const sums = emptySums();
      for (const row of byTeam) if (row.key === team.id) addSums(sums, row.sums);
      for (const [agentId, agentSums] of byAgent) {
        if (members.get(agentId)?.includes(team.id)) addStateTime(sums, agentSums);
      }
      return {
        teamId: team.id,
        name: team.name,
        serviceLevelTargetPercent: team.serviceLevelTargetPercent,
        serviceLevelThresholdSeconds: team.serviceLevelThresholdSeconds,
        thresholds: thresholds.get(team.id) as TeamAlertThresholds,
        today: toKpiFigures(sums),
        live: this.figures.live(
          StatsFiguresService.waitingOf(summaries, [team.id]),
          grid.filter((agent) => agent.teamIds.includes(team.id)).map((agent) => agent.status),
          now,
        ),
        staffing: staffing.get(team.id) as LiveStaffing,
      };
    });
  }

  async teamReport(
    caller: AuthUser,
    teamId: string,
    query: StatsRangeQueryDto,
  ): Promise<StatsReportView> {
    await this.readableTeam(caller, teamId);
    const members = [...(await this.repository.agentMembers([teamId])).keys()];
    return this.report({ kind: 'teams', teams: [teamId], agents: members }, query);
  }

  async agentReport(
    caller: AuthUser,
    agentId: string,
    query: StatsRangeQueryDto,
  ): Promise<StatsReportView> {
    await this.readableAgent(caller, agentId);
    return this.report({ kind: 'agents', agents: [agentId] }, query);
  }

  async callStats(caller: AuthUser, query: CallStatsQueryDto): Promise<CallStatsView> {
    const scope = await this.reportScope(caller, query);
    const settings = await this.figures.settings();
    const report = await this.report(scope.figures, query, settings);
    const groupBy = query.groupBy ?? null;
    const period = { from: new Date(report.from), to: new Date(report.to) };
    const breakdown = groupBy ? await this.breakdown(groupBy, scope, period, settings) : [];
    return { ...report, groupBy, breakdown };
  }

  /**
   * For workforce's forecast: a team's calls offered and handled in each 15- or 30-minute interval
   * of the local days `dates` (YYYY-MM-DD in the organisation's zone, so 92, 96 or 100 quarter
   * hours), from the rollups, with the team's service-level goal. Who may read it: as the team
   * report (404 for a team the caller cannot read). A date that is not a real date is a 400.
   */
  async teamDays(
    caller: AuthUser,
    teamId: string,
    dates: string[],
    intervalMinutes: 15 | 30,
  ): Promise<TeamDays> {
    const team = await this.readableTeam(caller, teamId);
    const { timeZone } = await this.figures.settings();
    const periods = dates.map((date) => {
      const day = calendarDay(date, timeZone);
      if (!day) {
        throw AppException.validation('The request is invalid.', [
          { field: 'date', messages: ['date must be a real date (YYYY-MM-DD) from 1970 on'] },
        ]);
      }
      return day;
    });
    const buckets = await this.repository.teamBuckets(teamId, periods);
    const byStart = new Map(buckets.map((bucket) => [bucket.start.getTime(), bucket]));
    const days = periods.map((period, d) => {
      const series = intervalSeries(period, intervalMinutes === 15 ? '15m' : '30m', timeZone);
      const labels = seriesInZone(series, timeZone);
      const intervals = series.map((slot, i): TeamDayInterval => {
        const { start, end } = labels[i] ?? { start: '', end: '' };
        const interval = {
          start,
          end,
          localTime: start.slice(11, 16),
          offered: 0,
          handled: 0,
          handleMs: 0,
        };
        // The interval is whole 15-minute buckets (the rollups are UTC-aligned quarter hours).
        for (let at = slot.start.getTime(); at < slot.end.getTime(); at += BUCKET_MS) {
          const bucket = byStart.get(at);
          if (!bucket) continue;
          interval.offered += bucket.offered;
          interval.handled += bucket.handled;
          interval.handleMs += bucket.handleMs;
        }
        return interval;
      });
      return { date: dates[d] ?? '', intervals };
    });
    return {
      team: {
        id: team.id,
        name: team.name,
        serviceLevelTargetPercent: team.serviceLevelTargetPercent,
        serviceLevelThresholdSeconds: team.serviceLevelThresholdSeconds,
      },
      timeZone,
      days,
    };
  }

  /**
   * For workforce's agent figures: the caller's own figures for a period of the organisation's
   * calendar (today, this week from Monday, the last 7 or 30 days, today included) beside the
   * summed figures of the agents of the caller's teams (not archived) over the same period, and
   * how many agents that is. Only aggregates of the team leave: no other agent is named.
   */
  async agentBesideTeam(
    caller: AuthUser,
    name: AgentFigurePeriod,
    now = new Date(),
  ): Promise<{
    timeZone: string;
    from: string;
    to: string;
    own: KpiFigures;
    team: KpiFigures;
    teamAgents: number;
  }> {
    const { timeZone } = await this.figures.settings();
    const period = agentPeriod(name, now, timeZone);
    const teamIds = (await this.repository.agentTeams(caller.id)).filter(Boolean);
    const agents = new Set((await this.repository.agentMembers(teamIds)).keys());
    agents.add(caller.id);
    const byAgent = await this.figures.agentSumsByAgent([...agents], period, now);
    const team = emptySums();
    for (const sums of byAgent.values()) addSums(team, sums);
    return {
      timeZone,
      from: isoInZone(period.from, timeZone),
      to: isoInZone(period.to, timeZone),
      own: toKpiFigures(byAgent.get(caller.id) ?? emptySums()),
      team: toKpiFigures(team),
      teamAgents: agents.size,
    };
  }

  /**
   * Who the caller may report on, narrowed by the `teamId`/`agentId` filters. An id the caller may
   * not see is answered as not found, like every other statistics route. An export (CSV) also
   * needs `calls:export`: in each team it names, and somewhere for a caller who has teams (403).
   */
  async reportScope(
    caller: AuthUser,
    query: { teamId?: string[]; agentId?: string[] },
    options: { export?: boolean } = {},
  ): Promise<ReportScope> {
    const teamFilter = query.teamId?.length ? [...new Set(query.teamId)] : undefined;
    const agentFilter = query.agentId?.length ? [...new Set(query.agentId)] : undefined;
    for (const teamId of teamFilter ?? []) await this.readableTeam(caller, teamId);
    for (const agentId of agentFilter ?? []) await this.readableAgent(caller, agentId);
    const exporting = options.export
      ? await this.access.teamsHolding(caller, Permission.CallsExport)
      : 'all';
    if (exporting !== 'all') {
      const memberOf = (await this.access.permissionsOf(caller)).teams.length;
      if (
        (memberOf > 0 && exporting.length === 0) ||
        (teamFilter ?? []).some((teamId) => !exporting.includes(teamId))
      ) {
        throw this.access.withheld(Permission.CallsExport);
      }
    }

    if (caller.role === Role.Agent) {
      const agents = agentFilter ?? [caller.id];
      return { figures: { kind: 'agents', agents }, teams: [], agents };
    }
    if (agentFilter) {
      return { figures: { kind: 'agents', agents: agentFilter }, teams: [], agents: agentFilter };
    }
    let teams: IdFilter;
    if (teamFilter) teams = teamFilter;
    else if (caller.role === Role.Admin) teams = 'all';
    else {
      const held = await this.access.teamsHolding(caller, Permission.StatsTeam);
      teams =
        held === 'all' ? held : held.filter((id) => exporting === 'all' || exporting.includes(id));
    }
    const agents: IdFilter =
      teams === 'all' ? 'all' : [...(await this.repository.agentMembers(teams)).keys()];
    return { figures: { kind: 'teams', teams, agents }, teams, agents };
  }

  /**
   * Parses and checks a report's range in the organisation's zone (400 naming the field). Without
   * `from` it starts at today's local midnight, without `to` it ends now: no range is today so far.
   */
  async period(
    query: StatsRangeQuery,
    settings?: StatsSettings,
  ): Promise<{ period: Period; settings: StatsSettings }> {
    const resolved = settings ?? (await this.figures.settings());
    const today = todaySoFar(new Date(), resolved.timeZone);
    const from = query.from ?? today.from;
    const to = query.to ?? today.to;
    return {
      period: parsePeriod({ from, to, interval: reportInterval(query) }, resolved.timeZone),
      settings: resolved,
    };
  }

  private async report(
    scope: FigureScope,
    query: StatsRangeQueryDto,
    knownSettings?: StatsSettings,
  ): Promise<StatsReportView> {
    const interval = reportInterval(query);
    const { period: asked, settings } = await this.period(query, knownSettings);
    const series = intervalSeries(asked, interval, settings.timeZone);
    // Whole intervals: the totals are then exactly the sum of the series.
    const period = {
      from: series[0]?.start ?? asked.from,
      to: series[series.length - 1]?.end ?? asked.to,
    };
    const sums = await this.figures.sums(scope, period, series);
    return {
      timeZone: settings.timeZone,
      from: isoInZone(period.from, settings.timeZone),
      to: isoInZone(period.to, settings.timeZone),
      interval,
      totals: toKpiFigures(sums.total),
      series: series.map((slot, i) => ({
        start: isoInZone(slot.start, settings.timeZone),
        end: isoInZone(slot.end, settings.timeZone),
        figures: toKpiFigures(sums.intervals[i] ?? emptySums()),
      })),
    };
  }

  private async breakdown(
    groupBy: StatsGroupBy,
    scope: ReportScope,
    period: Period,
    settings: StatsSettings,
  ): Promise<StatsBreakdownRow[]> {
    switch (groupBy) {
      case 'team':
        return this.teamBreakdown(scope, period);
      case 'agent':
        return this.agentBreakdown(scope, period);
      case 'disposition':
      case 'direction': {
        // The rollups have no disposition or direction dimension: these come from the calls of
        // the range (by arrival, through the calls_arrival_id index), with the same formulas.
        const rows = await this.repository.callBreakdown(groupBy, scope.figures, period, settings);
        return rows.map((row) => ({
          key: row.key,
          label: row.label,
          figures: toKpiFigures(row.sums),
        }));
      }
    }
  }

  private async teamBreakdown(scope: ReportScope, period: Period): Promise<StatsBreakdownRow[]> {
    if (scope.teams !== 'all' && scope.teams.length === 0) return [];
    const rows = await this.repository.teamSums(scope.teams, period, { byKey: true });
    const teamIds =
      scope.teams === 'all'
        ? [
            ...new Set([
              ...(await this.repository.activeTeams()).map((t) => t.id),
              ...rows.map((r) => r.key ?? ''),
            ]),
          ].filter(Boolean)
        : scope.teams;
    const members = await this.repository.agentMembers(teamIds);
    const byAgent = await this.figures.agentSumsByAgent([...members.keys()], period);
    const names = await this.repository.teamNames(teamIds);
    return teamIds
      .map((teamId) => {
        const sums = emptySums();
        for (const row of rows) if (row.key === teamId) addSums(sums, row.sums);
        for (const [agentId, agentSums] of byAgent) {
          if (members.get(agentId)?.includes(teamId)) addStateTime(sums, agentSums);
        }
        return { key: teamId, label: names.get(teamId) ?? teamId, figures: toKpiFigures(sums) };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
  }

  private async agentBreakdown(scope: ReportScope, period: Period): Promise<StatsBreakdownRow[]> {
    const agentIds =
      scope.agents === 'all'
        ? [
            ...(
              await this.repository.agentMembers(
                (await this.repository.activeTeams()).map((t) => t.id),
              )
            ).keys(),
          ]
        : scope.agents;
    const byAgent = await this.figures.agentSumsByAgent(agentIds, period);
    const names = await this.repository.userNames(agentIds);
    return agentIds
      .map((agentId) => ({
        key: agentId,
        label: names.get(agentId) ?? agentId,
        figures: toKpiFigures(byAgent.get(agentId) ?? emptySums()),
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }

  private async agentDashboard(
    caller: AuthUser,
    settings: StatsSettings,
    day: Period,
    now: Date,
  ): Promise<DashboardView> {
    const series = intervalSeries(day, '15m', settings.timeZone);
    const teamIds = (await this.repository.agentTeams(caller.id)).filter(Boolean);
    const members = await this.repository.agentMembers(teamIds);
    const [own, grid, waiting, summaries] = await Promise.all([
      this.figures.sums({ kind: 'agents', agents: [caller.id] }, day, series, now),
      this.repository.agentRecords(members),
      this.repository.waitingCalls(teamIds),
      this.repository.waitingSummaries(teamIds),
    ]);
    return {
      scope: 'agent',
      timeZone: settings.timeZone,
      day: this.dayView(day, settings),
      today: toKpiFigures(own.total),
      live: this.figures.live(
        [...summaries.values()],
        grid.map((agent) => agent.status),
        now,
      ),
      intervals: series.map((interval, i) => ({
        start: isoInZone(interval.start, settings.timeZone),
        end: isoInZone(interval.end, settings.timeZone),
        figures: toKpiFigures(own.intervals[i] ?? emptySums()),
      })),
      teams: [],
      agents: [],
      waitingCalls: waiting.map((call) => ({
        ...call,
        queuedAt: call.queuedAt.toISOString(),
        waitingSeconds: Math.max(0, Math.round((now.getTime() - call.queuedAt.getTime()) / 1000)),
      })),
      alerts: [],
      generatedAt: now.toISOString(),
    };
  }

  private dayView(day: Period, settings: StatsSettings): { start: string; end: string } {
    return {
      start: isoInZone(day.from, settings.timeZone),
      end: isoInZone(day.to, settings.timeZone),
    };
  }

  /**
   * Admins read every team; members holding `stats:team` there (its supervisors by default) read
   * it; a team's security profile withholding it is 403; anyone else gets 404.
   */
  private async readableTeam(caller: AuthUser, teamId: string): Promise<TeamRecord> {
    const team = await this.repository.team(teamId);
    if (!team) throw AppException.notFound(NO_SUCH_TEAM);
    if (caller.role === Role.Admin) return team;
    const standing = team.archived
      ? 'none'
      : await this.access.standing(caller, teamId, Permission.StatsTeam);
    if (standing === 'withheld') throw this.access.withheld(Permission.StatsTeam);
    if (standing === 'none') throw AppException.notFound(NO_SUCH_TEAM);
    return team;
  }

  /**
   * Admins read anyone; everyone themselves; a member holding `stats:team` in a team where the
   * agent is an agent (its supervisors by default) that agent (403 when the team's profile
   * withholds it); nobody else (404).
   */
  private async readableAgent(caller: AuthUser, agentId: string): Promise<void> {
    if (caller.id === agentId) return;
    if (caller.role === Role.Admin) {
      if (!(await this.repository.userExists(agentId))) throw AppException.notFound(NO_SUCH_AGENT);
      return;
    }
    const standing = await this.access.standingOverMember(
      caller,
      agentId,
      Permission.StatsTeam,
      'agent',
    );
    if (standing === 'withheld') throw this.access.withheld(Permission.StatsTeam);
    if (standing === 'none') throw AppException.notFound(NO_SUCH_AGENT);
  }
}
