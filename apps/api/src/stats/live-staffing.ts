import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import { LiveStaffing } from '@poscalls4u/contracts';

import { toKpiFigures } from './kpi-figures';
import { StatsFiguresService } from './stats-figures.service';
import { localDay } from './stats-period';
import { RecentTraffic, StatsRepository, TeamRecord } from './stats.repository';

/** The window the live arrival rate and AHT are measured over. */
const LIVE_STAFFING_WINDOW_MS = 30 * 60_000;

/** What a staffing model is asked: the smallest number of agents meeting a service level. */
export interface StaffingQuestion {
  trafficErlangs: number;
  ahtSeconds: number;
  /** Share answered within `targetAnswerSeconds`, in [0, 1). */
  serviceLevelTarget: number;
  targetAnswerSeconds: number;
}

/**
 * Port: how many agents a traffic needs. Declared here, implemented by workforce (which owns the
 * Erlang maths and imports stats) and found at run time, so that stats imports nothing above it.
 */
export abstract class StaffingCalculator {
  /** Null when no number of agents the model accepts meets the target. */
  abstract agentsNeeded(question: StaffingQuestion): number | null;
}

/** What one team's live staffing is computed from. */
export interface LiveStaffingInput {
  /** The last 30 minutes' traffic (absent: nothing happened). */
  recent: RecentTraffic | undefined;
  /** Today's AHT, the fallback when no call was completed in the window. */
  todayAhtSeconds: number | null;
  serviceLevelTargetPercent: number;
  serviceLevelThresholdSeconds: number;
  /** Agent members by state (`available`, `on_call`, `wrap_up`...). */
  agentStates: ReadonlyMap<string, number> | undefined;
}

/**
 * One team's live staffing: traffic A = arrivals per second × AHT over the window, the agents
 * needed for the team's service level, and whether the agents taking calls (available, on a call,
 * in wrap-up: not on a break) are fewer. A team with a 100 % target cannot be met with finitely
 * many agents; it is asked for 99.99 % instead, the closest a model answers.
 */
export function liveStaffing(
  input: LiveStaffingInput,
  calculator: StaffingCalculator,
): LiveStaffing {
  const arrivals = input.recent?.arrivals ?? 0;
  const completed = input.recent?.completed ?? 0;
  const ahtSeconds =
    completed > 0 ? (input.recent?.handleMs ?? 0) / completed / 1000 : input.todayAhtSeconds;
  const traffic =
    ahtSeconds === null ? 0 : (arrivals / (LIVE_STAFFING_WINDOW_MS / 1000)) * ahtSeconds;
  let needed: number | null;
  if (arrivals === 0) needed = 0;
  else if (ahtSeconds === null || ahtSeconds <= 0) needed = null;
  else
    needed = calculator.agentsNeeded({
      trafficErlangs: traffic,
      ahtSeconds,
      serviceLevelTarget: Math.min(0.9999, input.serviceLevelTargetPercent / 100),
      targetAnswerSeconds: input.serviceLevelThresholdSeconds,
    });
  const state = (name: string) => input.agentStates?.get(name) ?? 0;
  const available = state('available');
  const staffed = available + state('on_call') + state('wrap_up');
  return {
    arrivalsLast30Minutes: arrivals,
    ahtSeconds: ahtSeconds === null ? null : Math.round(ahtSeconds * 10) / 10,
    trafficErlangs: Math.round(traffic * 1000) / 1000,
    serviceLevelTargetPercent: input.serviceLevelTargetPercent,
    serviceLevelThresholdSeconds: input.serviceLevelThresholdSeconds,
    agentsNeeded: needed,
    agentsAvailable: available,
    agentsStaffed: staffed,
    understaffed: needed !== null && staffed < needed,
  };
}

/**
 * Live staffing of teams, read fresh: the last 30 minutes' calls, today's AHT (rollups) and the
 * agents' states. The dashboard, its live pushes, the alerts and the wallboard all use it.
 */
@Injectable()
export class LiveStaffingService {
  private calculator?: StaffingCalculator;

  constructor(
    private readonly repository: StatsRepository,
    private readonly figures: StatsFiguresService,
    private readonly modules: ModuleRef,
  ) {}

  async forTeams(
    teams: Pick<TeamRecord, 'id' | 'serviceLevelTargetPercent' | 'serviceLevelThresholdSeconds'>[],
    now = new Date(),
  ): Promise<Map<string, LiveStaffing>> {
    const result = new Map<string, LiveStaffing>();
    if (teams.length === 0) return result;
    const teamIds = teams.map((team) => team.id);
    const { timeZone } = await this.figures.settings();
    const [recent, today, states] = await Promise.all([
      this.repository.recentTraffic(teamIds, new Date(now.getTime() - LIVE_STAFFING_WINDOW_MS)),
      this.repository.teamSums(teamIds, localDay(now, timeZone), { byKey: true }),
      this.repository.agentStateCounts(teamIds),
    ]);
    for (const team of teams) {
      const sums = today.find((row) => row.key === team.id)?.sums;
      result.set(
        team.id,
        liveStaffing(
          {
            recent: recent.get(team.id),
            todayAhtSeconds: sums ? toKpiFigures(sums).ahtSeconds : null,
            serviceLevelTargetPercent: team.serviceLevelTargetPercent,
            serviceLevelThresholdSeconds: team.serviceLevelThresholdSeconds,
            agentStates: states.get(team.id),
          },
          this.staffingCalculator(),
        ),
      );
    }
    return result;
  }

  private staffingCalculator(): StaffingCalculator {
    this.calculator ??= this.modules.get(StaffingCalculator, { strict: false });
    return this.calculator;
  }
}
