import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { DashboardUpdateEvent } from '@poscalls4u/contracts';

import { DomainEventMap, OnDomainEvent } from '../platform/events';
import { RealtimeService } from '../realtime';
import { AlertsService } from './alerts.service';
import { addStateTime, addSums, emptySums, toKpiFigures } from './kpi-figures';
import { LiveStaffingService } from './live-staffing';
import { StatsFiguresService } from './stats-figures.service';
import { localDay } from './stats-period';
import { StatsRepository } from './stats.repository';

/** At most one `dashboard:update` per scope this often (per instance), however busy the floor. */
const MIN_FLUSH_SPACING_MS = 300;
/** The first change of a quiet moment waits this long, so a burst goes out as one update. */
const GATHER_MS = 50;

/**
 * Live dashboards. The `call.changed` and `presence.changed` domain events
 * mark their scopes dirty — each team concerned, the center, each agent concerned — and a flush,
 * at most every 300 ms, sends each dirty scope one `dashboard:update` with fresh figures: a team's
 * to its room and its wallboards' room, the center's to the admins, an agent's to them. Alerts are evaluated after each
 * flush.
 */
@Injectable()
export class DashboardPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(DashboardPublisher.name);
  private dirtyTeams = new Set<string>();
  private dirtyAgents = new Set<string>();
  private centerDirty = false;
  private timer?: NodeJS.Timeout;
  private flushing = false;
  private lastFlushAt = 0;
  private stopped = false;

  constructor(
    private readonly realtime: RealtimeService,
    private readonly repository: StatsRepository,
    private readonly figures: StatsFiguresService,
    private readonly alerts: AlertsService,
    private readonly staffing: LiveStaffingService,
  ) {}

  @OnDomainEvent('call.changed')
  onCallChanged({ teamIds, agentIds }: DomainEventMap['call.changed']): void {
    this.markDirty(teamIds, agentIds);
  }

  @OnDomainEvent('presence.changed')
  onPresenceChanged({ presence, teamIds }: DomainEventMap['presence.changed']): void {
    this.markDirty(teamIds, [presence.userId]);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  markDirty(teamIds: string[], agentIds: string[]): void {
    for (const id of teamIds) this.dirtyTeams.add(id);
    for (const id of agentIds) this.dirtyAgents.add(id);
    this.centerDirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.flushing || this.stopped) return;
    const delay = Math.max(GATHER_MS, this.lastFlushAt + MIN_FLUSH_SPACING_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    const teams = [...this.dirtyTeams];
    const agents = [...this.dirtyAgents];
    const center = this.centerDirty;
    this.dirtyTeams = new Set();
    this.dirtyAgents = new Set();
    this.centerDirty = false;
    try {
      await this.publish(teams, agents, center);
      // Spacing counts from when the updates left, not from when the flush began: a slow flush
      // followed by a quick one must not put two updates of a room closer than the spacing.
      this.lastFlushAt = Date.now();
      await this.alerts.evaluate();
    } catch (error) {
      this.logger.error({ err: error }, 'Could not publish dashboard updates');
    } finally {
      this.flushing = false;
      if (this.dirtyTeams.size > 0 || this.dirtyAgents.size > 0 || this.centerDirty)
        this.schedule();
    }
  }

  private async publish(
    dirtyTeams: string[],
    dirtyAgents: string[],
    center: boolean,
  ): Promise<void> {
    const now = new Date();
    const { timeZone } = await this.figures.settings();
    const day = localDay(now, timeZone);
    const active = await this.repository.activeTeams();
    const activeIds = new Set(active.map((team) => team.id));
    const teams = dirtyTeams.filter((id) => activeIds.has(id));
    const members = await this.repository.agentMembers([...activeIds]);
    const agentIds = [
      ...new Set([
        ...dirtyAgents,
        ...[...members].filter(([, of]) => of.some((t) => teams.includes(t))).map(([id]) => id),
      ]),
    ];
    const [teamRows, byAgent, records, waiting, centerSums, staffing] = await Promise.all([
      this.repository.teamSums(teams, day, { byKey: true }),
      this.figures.agentSumsByAgent(agentIds, day, now),
      this.repository.agentRecords(members),
      this.repository.waitingSummaries([...activeIds]),
      center
        ? this.figures.sums({ kind: 'teams', teams: 'all', agents: 'all' }, day, undefined, now)
        : undefined,
      this.staffing.forTeams(
        active.filter((team) => teams.includes(team.id)),
        now,
      ),
    ]);
    const at = now.toISOString();
    /** Live values over some teams: their waiting calls and their agent members' states. */
    const liveOf = (teamIds: string[]) =>
      this.figures.live(
        StatsFiguresService.waitingOf(waiting, teamIds),
        records
          .filter((agent) => agent.teamIds.some((t) => teamIds.includes(t)))
          .map((agent) => agent.status),
        now,
      );

    for (const teamId of teams) {
      const sums = emptySums();
      for (const row of teamRows) if (row.key === teamId) addSums(sums, row.sums);
      for (const [agentId, agentSums] of byAgent) {
        if (members.get(agentId)?.includes(teamId)) addStateTime(sums, agentSums);
      }
      const event: DashboardUpdateEvent = {
        scope: { kind: 'team', teamId },
        today: toKpiFigures(sums),
        live: liveOf([teamId]),
        staffing: staffing.get(teamId),
        at,
      };
      this.realtime.toTeam(teamId, 'dashboard:update', event);
      // The wallboards showing the team hear the same figures (their credential joins no team room).
      this.realtime.toWallboards(teamId, 'dashboard:update', event);
    }
    if (centerSums) {
      this.realtime.toAudiences({ admins: true }, 'dashboard:update', {
        scope: { kind: 'center' },
        today: toKpiFigures(centerSums.total),
        live: liveOf([...activeIds]),
        at,
      });
    }
    for (const agentId of dirtyAgents) {
      this.realtime.toUser(agentId, 'dashboard:update', {
        scope: { kind: 'agent', agentId },
        today: toKpiFigures(byAgent.get(agentId) ?? emptySums()),
        live: liveOf(members.get(agentId) ?? []),
        at,
      });
    }
  }
}
