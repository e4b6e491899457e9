import { Module } from '@nestjs/common';

import { StatsModule } from '../stats';
import { TeamComparisonController } from './comparison/team-comparison.controller';
import { TeamComparisonService } from './comparison/team-comparison.service';
import { ForecastController } from './forecast/forecast.controller';
import { ForecastService } from './forecast/forecast.service';
import { StaffingController } from './staffing/staffing.controller';
import { StaffingService } from './staffing/staffing.service';

/**
 * Workforce planning and analysis: the staffing calculator (Erlang C and A), the forecast and
 * plan of a team's day and the team comparison, built on the statistics' figures.
 */
@Module({
  imports: [StatsModule],
  controllers: [StaffingController, TeamComparisonController, ForecastController],
  providers: [StaffingService, TeamComparisonService, ForecastService],
})
export class WorkforceModule {}
