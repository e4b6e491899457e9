import { Module } from '@nestjs/common';

import { StaffingCalculator, StatsModule } from '../stats';
import { TeamComparisonController } from './comparison/team-comparison.controller';
import { TeamComparisonService } from './comparison/team-comparison.service';
import { ForecastController } from './forecast/forecast.controller';
import { ForecastService } from './forecast/forecast.service';
import { ErlangStaffingCalculator } from './staffing/erlang-staffing-calculator';
import { StaffingController } from './staffing/staffing.controller';
import { StaffingService } from './staffing/staffing.service';

/**
 * Workforce planning and analysis: the staffing calculator (Erlang C and A), the forecast and
 * plan of a team's day and the team comparison, built on the statistics' figures.
 */
@Module({
  imports: [StatsModule],
  controllers: [StaffingController, TeamComparisonController, ForecastController],
  providers: [
    StaffingService,
    TeamComparisonService,
    ForecastService,
    // The statistics' live staffing finds it at run time (stats may not import workforce).
    { provide: StaffingCalculator, useClass: ErlangStaffingCalculator },
  ],
})
export class WorkforceModule {}
