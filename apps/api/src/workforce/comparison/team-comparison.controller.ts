import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Permission, TeamComparisonResult } from '@poscalls4u/contracts';

import { AuthUser, Authenticated, CurrentUser } from '../../identity/access';
import { ApiEnvelope, ApiErrors, RawResponse } from '../../platform/http';
import { TeamComparisonQueryDto, TeamComparisonViewDto } from './dto/team-comparison.dto';
import { TeamComparisonService } from './team-comparison.service';

/**
 * `GET /api/stats/teams/compare`. It sits beside the statistics' `GET /api/stats/teams/:id`,
 * which would take `compare` for an id (and refuse it as not a UUID): WorkforceModule is
 * registered before StatsModule in AppModule, so Express matches this route first
 * (team-comparison.spec.ts checks it).
 */
@ApiTags('stats')
@Controller('stats/teams')
export class TeamComparisonController {
  constructor(private readonly comparison: TeamComparisonService) {}

  @Get('compare')
  @Authenticated({ permission: Permission.StatsTeam })
  @RawResponse()
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Compare teams: KPIs side by side, ranked, against the average',
    description:
      "For each team of `teamIds`, over the range: calls offered, service level, ASA, AHT, abandonment, occupancy, success rate and QA average, each with the team's rank (1 is the best; for ASA, AHT and abandonment the lowest) and its difference from the mean of the compared teams. Admins compare any teams; others the teams where they hold `stats:team` (supervisors: the teams they supervise): another team is 404, a team whose profile withholds it 403. With no range: today so far. `format=csv` or `Accept: text/csv` answers the same as CSV.",
  })
  @ApiEnvelope(TeamComparisonViewDto, {
    key: 'comparison',
    description: 'The comparison (JSON), or the CSV',
  })
  @ApiErrors(400, 404)
  async compare(
    @CurrentUser() user: AuthUser,
    @Query() query: TeamComparisonQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const comparison = await this.comparison.compare(user, query);
    const wantsCsv =
      query.format === 'csv' ||
      (query.format === undefined &&
        request.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (wantsCsv) {
      const day = (instant: string) => instant.slice(0, 10).replace(/-/g, '');
      response.status(200);
      response.setHeader('content-type', 'text/csv; charset=utf-8');
      response.setHeader(
        'content-disposition',
        `attachment; filename="team-comparison-${day(comparison.from)}-${day(comparison.to)}.csv"`,
      );
      response.setHeader('cache-control', 'no-store');
      response.send(this.comparison.toCsv(comparison));
      return;
    }
    // The route writes its own answer (it may be CSV), so the envelope is written here too.
    const data: TeamComparisonResult = { comparison };
    response.json({ success: true, data });
  }
}
