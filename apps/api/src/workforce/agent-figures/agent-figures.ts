import { AgentComparedFigures, KpiFigures } from '@poscalls4u/contracts';

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** The figures an agent compares, from the statistics' KPIs. */
export function comparedFigures(figures: KpiFigures, agents = 1): AgentComparedFigures {
  return {
    // A count is shared out per agent; every other figure is a ratio over the calls or the time
    // of all the agents together, so each call and each minute counts once (a weighted average).
    handled: agents > 0 ? Math.round((figures.handled / agents) * 10) / 10 : 0,
    ahtSeconds: round1(figures.ahtSeconds),
    averageHoldSeconds: round1(figures.averageHoldSeconds),
    averageAfterCallWorkSeconds: round1(figures.averageAfterCallWorkSeconds),
    occupancyPercent: round1(figures.occupancyPercent),
    successRatePercent: round1(figures.successRatePercent),
    averageQaScore: round1(figures.averageQaScore),
  };
}
