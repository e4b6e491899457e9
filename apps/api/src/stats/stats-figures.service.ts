import { Injectable } from '@nestjs/common';

import { KpiFigures, LiveFigures } from '@poscalls4u/contracts';

import { OrganizationSettingsService } from '../platform/settings';
import { FigureScope } from './figure-scope';
import { KpiSums, addSums, emptySums, toKpiFigures } from './kpi-figures';
import { Period, SeriesInterval } from './stats-period';
import { OpenInterval, StatsRepository, WaitingSummary } from './stats.repository';

export interface StatsSettings {
  timeZone: string;
  shortAbandonSeconds: number;
}

const STATE_KEY = {
  available: 'availableMs',
  on_call: 'onCallMs',
  wrap_up: 'wrapUpMs',
  break: 'breakMs',
} as const satisfies Record<OpenInterval['status'], keyof KpiSums>;

/**
 * Period and live figures of a scope, as docs/metrics.md defines them: rollup sums plus each
 * agent's open presence interval clipped to the period and to now.
 */
@Injectable()
export class StatsFiguresService {
  constructor(
    private readonly organization: OrganizationSettingsService,
    private readonly repository: StatsRepository,
  ) {}

  /** The organisation's time zone and short-abandon threshold (cached a few seconds). */
  settings(): Promise<StatsSettings> {
    return this.organization.get();
  }

  /** A scope's sums over a period: in total and, with `series`, per interval. */
  async sums(
    scope: FigureScope,
    period: Period,
    series?: SeriesInterval[],
    now = new Date(),
  ): Promise<{ total: KpiSums; intervals: KpiSums[] }> {
    const starts = series?.map((interval) => interval.start);
    const agents = scope.agents;
    const [callRows, stateRows, open] = await Promise.all([
      scope.kind === 'agents'
        ? this.repository.agentSums(agents, period, { starts })
        : this.repository.teamSums(scope.teams, period, { starts }),
      scope.kind === 'agents'
        ? Promise.resolve([])
        : this.repository.agentSums(agents, period, { starts, callFigures: false }),
      this.repository.openIntervals(agents),
    ]);
    const intervals = (series ?? []).map(() => emptySums());
    const total = emptySums();
    for (const row of [...callRows, ...stateRows]) {
      addSums(total, row.sums);
      const slot = row.index !== null ? intervals[row.index - 1] : undefined;
      if (slot) addSums(slot, row.sums);
    }
    for (const interval of open) {
      addOpenTime(total, interval, period, now);
      series?.forEach((slot, i) =>
        addOpenTime(intervals[i] as KpiSums, interval, { from: slot.start, to: slot.end }, now),
      );
    }
    return { total, intervals };
  }

  async figures(scope: FigureScope, period: Period, now = new Date()): Promise<KpiFigures> {
    return toKpiFigures((await this.sums(scope, period, undefined, now)).total);
  }

  /** Live values of these teams' queues and agents (`agentStatuses`: each member's state). */
  /** The waiting summaries of these teams (a team with no waiting call has none). */
  static waitingOf(summaries: Map<string, WaitingSummary>, teamIds: string[]): WaitingSummary[] {
    return teamIds.flatMap((id) => summaries.get(id) ?? []);
  }

  live(waiting: WaitingSummary[], agentStatuses: string[], now = new Date()): LiveFigures {
    let oldest: number | null = null;
    let callsWaiting = 0;
    for (const summary of waiting) {
      callsWaiting += summary.callsWaiting;
      const at = summary.oldestQueuedAt?.getTime();
      if (at !== undefined && (oldest === null || at < oldest)) oldest = at;
    }
    const count = (status: string) => agentStatuses.filter((s) => s === status).length;
    return {
      callsWaiting,
      longestCurrentWaitSeconds:
        oldest === null ? 0 : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
      agents: {
        available: count('available'),
        onCall: count('on_call'),
        wrapUp: count('wrap_up'),
        break: count('break'),
        offline: count('offline'),
      },
    };
  }

  /** Sums for each agent over a period (call figures and time in state, open interval included). */
  async agentSumsByAgent(
    agents: string[],
    period: Period,
    now = new Date(),
  ): Promise<Map<string, KpiSums>> {
    const [rows, open] = await Promise.all([
      this.repository.agentSums(agents, period, { byKey: true }),
      this.repository.openIntervals(agents),
    ]);
    const byAgent = new Map<string, KpiSums>();
    const of = (id: string) => {
      let sums = byAgent.get(id);
      if (!sums) byAgent.set(id, (sums = emptySums()));
      return sums;
    };
    for (const row of rows) if (row.key) addSums(of(row.key), row.sums);
    for (const interval of open) addOpenTime(of(interval.userId), interval, period, now);
    return byAgent;
  }
}

/** Adds the part of an open presence interval inside [period.from, min(period.to, now)). */
function addOpenTime(sums: KpiSums, open: OpenInterval, period: Period, now: Date): void {
  const start = Math.max(open.startedAt.getTime(), period.from.getTime());
  const end = Math.min(now.getTime(), period.to.getTime());
  if (end > start) sums[STATE_KEY[open.status]] += end - start;
}
