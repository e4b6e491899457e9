import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CallStatsResult, DashboardResult, StatsReportResult } from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors } from '../platform/http';
import { RawResponse } from '../platform/http';
import { CallsExportService } from './calls-export.service';
import {
  CallStatsQueryDto,
  CallStatsViewDto,
  DashboardViewDto,
  StatsRangeQueryDto,
  StatsReportViewDto,
} from './dto/stats.dto';
import { StatsService } from './stats.service';

@ApiTags('stats')
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly exporter: CallsExportService,
  ) {}

  @Get('dashboard')
  @Authenticated()
  @ApiOperation({
    summary: 'Live dashboard: today so far and live values',
    description:
      "Admins: the whole center; supervisors: the teams they supervise; agents: their own figures (scope `agent`, no agent grid). Today is the organisation's day (23 or 25 hours on daylight-saving days), by 15-minute intervals. `dashboard:update` events keep it fresh.",
  })
  @ApiEnvelope(DashboardViewDto, { key: 'dashboard', description: 'The dashboard' })
  async dashboard(@CurrentUser() user: AuthUser): Promise<DashboardResult> {
    return { dashboard: await this.stats.dashboard(user) };
  }

  @Get('teams/:id')
  @Authenticated()
  @ApiOperation({
    summary: "A team's report by interval",
    description:
      "Admins, or a supervisor of the team; anyone else gets 404. With no range: today so far in the organisation's zone, by 15 minutes (`report.from`, `report.to`, `report.interval` say what was used).",
  })
  @ApiEnvelope(StatsReportViewDto, { key: 'report', description: 'Totals and the series' })
  @ApiErrors(400, 404)
  async team(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: StatsRangeQueryDto,
  ): Promise<StatsReportResult> {
    return { report: await this.stats.teamReport(user, id, query) };
  }

  @Get('agents/:id')
  @Authenticated()
  @ApiOperation({
    summary: "An agent's report by interval",
    description:
      "Admins; a supervisor for the agents of their teams; an agent only their own id. Anyone else gets 404. Queue figures (offered, abandons, service level) are not an agent's: 0 or null. With no range: today so far, by 15 minutes.",
  })
  @ApiEnvelope(StatsReportViewDto, { key: 'report', description: 'Totals and the series' })
  @ApiErrors(400, 404)
  async agent(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: StatsRangeQueryDto,
  ): Promise<StatsReportResult> {
    return { report: await this.stats.agentReport(user, id, query) };
  }

  @Get('calls')
  @Authenticated()
  @RawResponse()
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Call statistics for a range, or the calls as CSV',
    description:
      "JSON: totals, the series and an optional breakdown (`groupBy` team, agent, disposition, direction) over what the caller may see (admins: everything; supervisors: their teams; agents: their own calls). `format=csv` or `Accept: text/csv` streams one row per call that arrived in the range instead (`*_local` times in the organisation's zone, the others UTC), as an attachment. With no range: today so far, by 15 minutes.",
  })
  @ApiEnvelope(CallStatsViewDto, {
    key: 'report',
    description: 'The statistics (JSON), or the CSV stream',
  })
  @ApiErrors(400, 404)
  async calls(
    @CurrentUser() user: AuthUser,
    @Query() query: CallStatsQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const wantsCsv =
      query.format === 'csv' ||
      (query.format === undefined &&
        request.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (wantsCsv) {
      await this.exporter.stream(user, query, response);
      return;
    }
    // The route writes its own answer (it may be a stream), so the envelope is written here too.
    const data: CallStatsResult = { report: await this.stats.callStats(user, query) };
    response.json({ success: true, data });
  }
}
