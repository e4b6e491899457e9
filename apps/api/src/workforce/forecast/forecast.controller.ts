import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { ForecastResult, Permission } from '@poscalls4u/contracts';

import { AuthUser, Authenticated, CurrentUser } from '../../identity/access';
import { ApiEnvelope, ApiErrors, RawResponse } from '../../platform/http';
import { ForecastQueryDto, ForecastViewDto } from './dto/forecast.dto';
import { ForecastService } from './forecast.service';

@ApiTags('workforce')
@Controller('workforce')
export class ForecastController {
  constructor(private readonly forecasts: ForecastService) {}

  @Get('forecast')
  @Authenticated({ permission: Permission.StatsTeam })
  @RawResponse()
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: "Forecast and plan a team's day, per interval",
    description:
      "For each 15- or 30-minute interval of the local day `date` (organisation's zone; 23 or 25 hours on DST days): forecast arrivals and AHT as the average of the same interval on the same weekday of the `weeks` weeks before, the agents on the phones that meet the team's own service level (Erlang C) and the agents to schedule after `shrinkage`. Intervals already over also carry the actual arrivals and AHT, and `accuracy` the forecast error of the arrivals (MAPE over intervals with calls, WAPE). Who may read it: as the team report (admins any team; others where they hold `stats:team`; another team is 404). `format=csv` or `Accept: text/csv` answers the intervals as CSV.",
  })
  @ApiEnvelope(ForecastViewDto, { key: 'forecast', description: 'The forecast (JSON), or the CSV' })
  @ApiErrors(400, 404)
  async forecast(
    @CurrentUser() user: AuthUser,
    @Query() query: ForecastQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const forecast = await this.forecasts.forecast(user, query);
    const wantsCsv =
      query.format === 'csv' ||
      (query.format === undefined &&
        request.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (wantsCsv) {
      response.status(200);
      response.setHeader('content-type', 'text/csv; charset=utf-8');
      response.setHeader(
        'content-disposition',
        `attachment; filename="forecast-${forecast.date.replace(/-/g, '')}.csv"`,
      );
      response.setHeader('cache-control', 'no-store');
      response.send(this.forecasts.toCsv(forecast));
      return;
    }
    // The route writes its own answer (it may be CSV), so the envelope is written here too.
    const data: ForecastResult = { forecast };
    response.json({ success: true, data });
  }
}
