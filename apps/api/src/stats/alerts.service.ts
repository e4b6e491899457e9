import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';

import { AlertKind, AlertView, Permission, Role, TeamAlertThresholds } from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { DomainEvents } from '../platform/events';
import { AppException } from '../platform/http';
import { RealtimeService } from '../realtime';
import { TeamAccess } from '../teams';
import { AlertRow, AlertsRepository } from './alerts.repository';
import { TeamAlertThresholdsDto } from './dto/alert-thresholds.dto';
import { toKpiFigures } from './kpi-figures';
import { LiveStaffingService } from './live-staffing';
import { StatsFiguresService } from './stats-figures.service';
import { localDay } from './stats-period';
import { StatsRepository, TeamRecord } from './stats.repository';

/** Conditions that change without any event (a wait growing, a break lasting) are checked this often. */
const EVALUATION_INTERVAL_MS = 5_000;
const DEFAULT_CALL_WAITING_SECONDS = 60;
const DEFAULT_BREAK_MINUTES = 15;

/**
 * Supervisor alerts. Each team has thresholds (defaults when never set: today's service level
 * below the team's target, a call waiting over 60 s, an agent on a break over 15 minutes; null
 * turns one off), is understaffed when fewer agents take calls than live staffing needs, and,
 * always on, calls waiting while no agent of the team is free. Every instance evaluates them
 * after each dashboard flush and every 5 s; an alert is claimed by inserting its row in `active_alerts` (its id is the primary key), and only
 * the instance whose insert created the row sends the `notification` — once per crossing, to the
 * team's room and the admins. The row goes when the condition ends, so a later crossing notifies
 * again.
 */
@Injectable()
export class AlertsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AlertsService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again?: Promise<void>;

  constructor(
    private readonly repository: AlertsRepository,
    private readonly stats: StatsRepository,
    private readonly figures: StatsFiguresService,
    private readonly realtime: RealtimeService,
    private readonly access: TeamAccess,
    private readonly events: DomainEvents,
    private readonly staffing: LiveStaffingService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.evaluate(), EVALUATION_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async thresholds(caller: AuthUser, teamId: string): Promise<TeamAlertThresholds> {
    const team = await this.manageableTeam(caller, teamId);
    const row = (await this.repository.thresholds([teamId])).get(teamId);
    return row ? toThresholds(row) : defaults(team);
  }

  async updateThresholds(
    caller: AuthUser,
    teamId: string,
    input: TeamAlertThresholdsDto,
  ): Promise<TeamAlertThresholds> {
    const team = await this.manageableTeam(caller, teamId);
    const stored = (await this.repository.thresholds([teamId])).get(teamId);
    const current = stored ? toThresholds(stored) : defaults(team);
    // Omitted fields keep their value; null is kept as null (off).
    const next: TeamAlertThresholds = {
      serviceLevelBelowPercent:
        input.serviceLevelBelowPercent === undefined
          ? current.serviceLevelBelowPercent
          : input.serviceLevelBelowPercent,
      callWaitingLongerThanSeconds:
        input.callWaitingLongerThanSeconds === undefined
          ? current.callWaitingLongerThanSeconds
          : input.callWaitingLongerThanSeconds,
      agentOnBreakLongerThanMinutes:
        input.agentOnBreakLongerThanMinutes === undefined
          ? current.agentOnBreakLongerThanMinutes
          : input.agentOnBreakLongerThanMinutes,
    };
    await this.repository.putThresholds({ teamId, ...next });
    await this.evaluate();
    return next;
  }

  /** The thresholds in force of these teams (defaults where never set); no access check. */
  async thresholdsOf(teams: TeamRecord[]): Promise<Map<string, TeamAlertThresholds>> {
    const stored = await this.repository.thresholds(teams.map((team) => team.id));
    return new Map(
      teams.map((team) => {
        const row = stored.get(team.id);
        return [team.id, row ? toThresholds(row) : defaults(team)];
      }),
    );
  }

  /** The alerts in progress of these teams. */
  async active(teamIds: string[]): Promise<AlertView[]> {
    return (await this.repository.active(teamIds)).map(toAlertView);
  }

  /**
   * Evaluates every active team. A call during an evaluation gets one more afterwards (it may
   * follow a change the running one did not see); several such calls share it.
   */
  evaluate(): Promise<void> {
    if (this.running) {
      this.again ??= this.running.then(() => {
        this.again = undefined;
        return this.evaluate();
      });
      return this.again;
    }
    this.running = this.evaluateAll()
      .catch((error: unknown) => this.logger.error({ err: error }, 'Could not evaluate alerts'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async evaluateAll(): Promise<void> {
    const startedAt = await this.repository.now();
    const now = new Date();
    const teams = await this.stats.activeTeams();
    if (teams.length === 0) return;
    const teamIds = teams.map((team) => team.id);
    const settings = await this.figures.settings();
    // Waiting calls are read bounded (the longest-waiting of each team) and counted in SQL, so a
    // backlog of thousands costs an evaluation what a handful does.
    const [stored, today, waiting, summaries, breaks, staffing, freeAgents] = await Promise.all([
      this.repository.thresholds(teamIds),
      this.stats.teamSums(teamIds, localDay(now, settings.timeZone), { byKey: true }),
      this.stats.waitingCalls(teamIds),
      this.stats.waitingSummaries(teamIds),
      this.repository.onBreak(teamIds),
      this.staffing.forTeams(teams, now),
      this.repository.freeAgentCounts(teamIds),
    ]);

    const wanted: AlertRow[] = [];
    for (const team of teams) {
      const row = stored.get(team.id);
      const limits = row ? toThresholds(row) : defaults(team);
      const sums = today.find((r) => r.key === team.id)?.sums;
      const level = sums ? toKpiFigures(sums).serviceLevelPercent : null;
      if (
        limits.serviceLevelBelowPercent !== null &&
        level !== null &&
        level < limits.serviceLevelBelowPercent
      ) {
        wanted.push({
          id: `${AlertKind.ServiceLevel}:${team.id}`,
          teamId: team.id,
          kind: AlertKind.ServiceLevel,
          level: 'critical',
          message: `${team.name}: service level ${level} % is below ${limits.serviceLevelBelowPercent} %`,
          since: now,
        });
      }
      // Live staffing below what the last 30 minutes' traffic needs: it clears (the row goes) as
      // soon as enough agents take calls again, or the traffic eases.
      const live = staffing.get(team.id);
      if (live?.understaffed) {
        wanted.push({
          id: `${AlertKind.Understaffed}:${team.id}`,
          teamId: team.id,
          kind: AlertKind.Understaffed,
          level: 'warning',
          message: `${team.name}: ${live.agentsStaffed} agents taking calls, ${live.agentsNeeded} needed now`,
          since: now,
        });
      }
      const waitLimit = limits.callWaitingLongerThanSeconds;
      if (waitLimit !== null) {
        for (const call of waiting) {
          if (
            call.teamId !== team.id ||
            now.getTime() - call.queuedAt.getTime() <= waitLimit * 1000
          )
            continue;
          wanted.push({
            id: `${AlertKind.LongWait}:${team.id}:${call.callId}`,
            teamId: team.id,
            kind: AlertKind.LongWait,
            level: 'warning',
            message: `${team.name}: a call from ${call.from} has waited over ${waitLimit} s`,
            since: call.queuedAt,
          });
        }
      }
      // Calls queue (not yet ringing anywhere) and nobody of the team can take one: no threshold,
      // a floor in this state needs someone to act now.
      const summary = summaries.get(team.id);
      const queued = summary?.callsQueued ?? 0;
      if (summary && queued > 0 && (freeAgents.get(team.id) ?? 0) === 0) {
        wanted.push({
          id: `${AlertKind.NoAgentAvailable}:${team.id}`,
          teamId: team.id,
          kind: AlertKind.NoAgentAvailable,
          level: 'critical',
          message: `${team.name}: ${String(queued)} ${queued === 1 ? 'call waits' : 'calls wait'} and no agent is available`,
          since: summary.oldestQueuedAt ?? now,
        });
      }
      const breakLimit = limits.agentOnBreakLongerThanMinutes;
      if (breakLimit !== null) {
        for (const agent of breaks) {
          if (
            agent.teamId !== team.id ||
            now.getTime() - agent.since.getTime() <= breakLimit * 60_000
          )
            continue;
          wanted.push({
            id: `${AlertKind.LongBreak}:${team.id}:${agent.userId}`,
            teamId: team.id,
            kind: AlertKind.LongBreak,
            level: 'warning',
            message: `${team.name}: ${agent.name} has been on a break for over ${breakLimit} min`,
            since: agent.since,
          });
        }
      }
    }

    const claimed = new Set(await this.repository.claim(wanted));
    await this.repository.refresh(wanted.filter((alert) => !claimed.has(alert.id)));
    await this.repository.clear(
      teamIds,
      wanted.map((alert) => alert.id),
      startedAt,
    );
    for (const alert of wanted) {
      if (!claimed.has(alert.id)) continue;
      this.realtime.toAudiences({ teams: [alert.teamId], admins: true }, 'notification', {
        id: alert.id,
        level: alert.level,
        title: TITLES[alert.kind as AlertKind],
        message: alert.message,
        at: now.toISOString(),
      });
      // The notification centre keeps it for each recipient (notifications subscribes).
      this.events.publish('alert.raised', {
        alertId: alert.id,
        teamId: alert.teamId,
        level: alert.level,
        title: TITLES[alert.kind as AlertKind],
        message: alert.message,
      });
    }
  }

  /**
   * Admins, or members holding `alerts:manage` in the team (its supervisors by default); 403 when
   * the team's security profile withholds it; anyone else gets 404 (the team's existence does not
   * leak).
   */
  private async manageableTeam(caller: AuthUser, teamId: string): Promise<TeamRecord> {
    const team = await this.stats.team(teamId);
    if (!team) throw AppException.notFound('No such team.');
    if (caller.role === Role.Admin) return team;
    const standing = team.archived
      ? 'none'
      : await this.access.standing(caller, teamId, Permission.AlertsManage);
    if (standing === 'withheld') throw this.access.withheld(Permission.AlertsManage);
    if (standing === 'none') throw AppException.notFound('No such team.');
    return team;
  }
}

const TITLES: Record<AlertKind, string> = {
  [AlertKind.ServiceLevel]: 'Service level below target',
  [AlertKind.LongWait]: 'Call waiting too long',
  [AlertKind.LongBreak]: 'Long break',
  [AlertKind.NoAgentAvailable]: 'No agent available',
  [AlertKind.Understaffed]: 'Understaffed',
};

function defaults(team: TeamRecord): TeamAlertThresholds {
  return {
    serviceLevelBelowPercent: team.serviceLevelTargetPercent,
    callWaitingLongerThanSeconds: DEFAULT_CALL_WAITING_SECONDS,
    agentOnBreakLongerThanMinutes: DEFAULT_BREAK_MINUTES,
  };
}

function toThresholds(row: TeamAlertThresholds): TeamAlertThresholds {
  return {
    serviceLevelBelowPercent: row.serviceLevelBelowPercent,
    callWaitingLongerThanSeconds: row.callWaitingLongerThanSeconds,
    agentOnBreakLongerThanMinutes: row.agentOnBreakLongerThanMinutes,
  };
}

function toAlertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    kind: row.kind as AlertKind,
    teamId: row.teamId,
    level: row.level,
    message: row.message,
    since: row.since.toISOString(),
  };
}
