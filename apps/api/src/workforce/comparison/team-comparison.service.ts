import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';

import { COMPARED_KPIS, COMPARED_KPI_BETTER, TeamComparisonView } from '@poscalls4u/contracts';

import { AuthUser } from '../../identity/access';
import { StatsService } from '../../stats';
import { TeamComparisonQueryDto } from './dto/team-comparison.dto';
import { compareTeams } from './team-comparison';

/**
 * Team comparison: the teams' KPIs for one period side by side, ranked, against their average.
 * The figures and who may see them are the statistics' (`StatsService.callStats` grouped by
 * team): a team the caller may not read is 404, one whose profile withholds the statistics 403.
 */
@Injectable()
export class TeamComparisonService {
  constructor(private readonly stats: StatsService) {}

  async compare(caller: AuthUser, query: TeamComparisonQueryDto): Promise<TeamComparisonView> {
    const teamIds = [...new Set(query.teamIds)];
    const report = await this.stats.callStats(caller, {
      teamId: teamIds,
      groupBy: 'team',
      from: query.from,
      to: query.to,
      interval: query.interval,
    });
    const byId = new Map(report.breakdown.map((row) => [row.key, row]));
    // In the order asked; every id is there (callStats refused any the caller cannot read).
    const teams = teamIds.flatMap((teamId) => {
      const row = byId.get(teamId);
      return row ? [{ teamId, name: row.label, figures: row.figures }] : [];
    });
    const { averages, rows } = compareTeams(teams);
    return {
      timeZone: report.timeZone,
      from: report.from,
      to: report.to,
      kpis: COMPARED_KPIS.map((key) => ({ key, better: COMPARED_KPI_BETTER[key] })),
      averages,
      teams: rows,
    };
  }

  /**
   * The comparison as CSV: a row per team (value, rank and difference from the average of each
   * KPI), then the averages. Team names are made safe to open in a spreadsheet.
   */
  toCsv(comparison: TeamComparisonView): string {
    const columns = [
      'team_id',
      'team',
      ...COMPARED_KPIS.flatMap((kpi) => [kpi, `${kpi}_rank`, `${kpi}_vs_average`]),
    ];
    const rows = comparison.teams.map((team) => [
      team.teamId,
      spreadsheetText(team.name),
      ...COMPARED_KPIS.flatMap((kpi) => {
        const { value, rank, differenceFromAverage } = team.kpis[kpi];
        return [value, rank, differenceFromAverage];
      }),
    ]);
    const averages = [
      '',
      'Average',
      ...COMPARED_KPIS.flatMap((kpi) => [comparison.averages[kpi], null, null]),
    ];
    return stringify([...rows, averages], { header: true, columns });
  }
}

/**
 * OWASP CSV injection: a text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
 * prefixed with `'` so spreadsheets show it instead of running it (as the calls export does).
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
