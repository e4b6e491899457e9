import { KpiFigures } from '@poscalls4u/contracts';

import { compareTeams } from './team-comparison';

/** Figures with only what the comparison reads set; the rest are null or 0. */
function figures(values: Partial<KpiFigures>): KpiFigures {
  return {
    offered: 0,
    answered: 0,
    answeredWithinThreshold: 0,
    abandoned: 0,
    shortAbandoned: 0,
    serviceLevelPercent: null,
    abandonmentRatePercent: null,
    asaSeconds: null,
    averageWaitSeconds: null,
    longestWaitSeconds: null,
    handled: 0,
    ahtSeconds: null,
    averageTalkSeconds: null,
    averageHoldSeconds: null,
    averageAfterCallWorkSeconds: null,
    outbound: 0,
    successes: 0,
    successRatePercent: null,
    transfersIn: 0,
    transfersOut: 0,
    transferRatePercent: null,
    qaReviews: 0,
    averageQaScore: null,
    occupancyPercent: null,
    timeInState: { availableSeconds: 0, onCallSeconds: 0, wrapUpSeconds: 0, breakSeconds: 0 },
    ...values,
  };
}

describe('compareTeams', () => {
  const teams = [
    { teamId: 'a', name: 'A', figures: figures({ serviceLevelPercent: 90, ahtSeconds: 300 }) },
    { teamId: 'b', name: 'B', figures: figures({ serviceLevelPercent: 70, ahtSeconds: 200 }) },
    { teamId: 'c', name: 'C', figures: figures({ serviceLevelPercent: 90, ahtSeconds: null }) },
  ];

  it('ranks higher-is-better KPIs from the top, sharing ranks on ties (1, 1, 3)', () => {
    const { rows, averages } = compareTeams(teams);
    expect(rows.map((row) => row.kpis.serviceLevelPercent.rank)).toEqual([1, 3, 1]);
    expect(averages.serviceLevelPercent).toBeCloseTo(83.33, 2);
    expect(rows[1]?.kpis.serviceLevelPercent.differenceFromAverage).toBeCloseTo(-13.33, 2);
  });

  it('ranks lower-is-better KPIs from the bottom and leaves out teams without a value', () => {
    const { rows, averages } = compareTeams(teams);
    expect(rows.map((row) => row.kpis.ahtSeconds.rank)).toEqual([2, 1, null]);
    expect(averages.ahtSeconds).toBe(250);
    expect(rows[2]?.kpis.ahtSeconds).toEqual({
      value: null,
      rank: null,
      differenceFromAverage: null,
    });
    expect(averages.averageQaScore).toBeNull();
  });
});
