import {
  COMPARED_KPIS,
  COMPARED_KPI_BETTER,
  ComparedKpi,
  KpiComparison,
  KpiFigures,
  TeamComparisonRow,
} from '@poscalls4u/contracts';

/** One team's figures for the period, as the statistics report them. */
export interface TeamFigures {
  teamId: string;
  name: string;
  figures: KpiFigures;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The mean of the values that exist; null when no team has one. */
function average(values: (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return null;
  return present.reduce((sum, value) => sum + value, 0) / present.length;
}

/**
 * Ranks the teams per KPI (1 is the best, by the KPI's better direction; equal values share a
 * rank, the next rank skips: 1, 2, 2, 4) and sets each value beside the mean of the compared
 * teams. A team without a value for a KPI (no calls, no reviews) has no rank and no difference.
 */
export function compareTeams(teams: TeamFigures[]): {
  averages: Record<ComparedKpi, number | null>;
  rows: TeamComparisonRow[];
} {
  const averages = {} as Record<ComparedKpi, number | null>;
  const kpisByTeam = teams.map(() => ({}) as Record<ComparedKpi, KpiComparison>);
  for (const kpi of COMPARED_KPIS) {
    const values = teams.map((team) => team.figures[kpi]);
    const mean = average(values);
    // Shown with two decimals; the differences use the exact mean (no double rounding).
    averages[kpi] = mean === null ? null : round2(mean);
    const better = COMPARED_KPI_BETTER[kpi];
    values.forEach((value, index) => {
      const ahead =
        value === null
          ? 0
          : values.filter(
              (other) => other !== null && (better === 'higher' ? other > value : other < value),
            ).length;
      (kpisByTeam[index] as Record<ComparedKpi, KpiComparison>)[kpi] = {
        value,
        rank: value === null ? null : ahead + 1,
        differenceFromAverage: value === null || mean === null ? null : round2(value - mean),
      };
    });
  }
  return {
    averages,
    rows: teams.map((team, index) => ({
      teamId: team.teamId,
      name: team.name,
      kpis: kpisByTeam[index] as Record<ComparedKpi, KpiComparison>,
      figures: team.figures,
    })),
  };
}
