import { Module } from '@nestjs/common';

import { WallboardLinks } from '../identity/access';
import { StaffingCalculator, StatsModule } from '../stats';
import { TeamsModule } from '../teams';
import { TeamComparisonController } from './comparison/team-comparison.controller';
import { TeamComparisonService } from './comparison/team-comparison.service';
import { ForecastController } from './forecast/forecast.controller';
import { ForecastService } from './forecast/forecast.service';
import { ErlangStaffingCalculator } from './staffing/erlang-staffing-calculator';
import { StaffingController } from './staffing/staffing.controller';
import { StaffingService } from './staffing/staffing.service';
import { WallboardController, WallboardLinksController } from './wallboards/wallboards.controller';
import { WallboardsRepository } from './wallboards/wallboards.repository';
import { WallboardsService } from './wallboards/wallboards.service';

/**
 * Workforce planning and analysis: the staffing calculator (Erlang C and A), the forecast and
 * plan of a team's day, the team comparison, built on the statistics' figures, and the wallboard
 * links.
 */
@Module({
  imports: [StatsModule, TeamsModule],
  controllers: [
    StaffingController,
    TeamComparisonController,
    ForecastController,
    WallboardLinksController,
    WallboardController,
  ],
  providers: [
    StaffingService,
    TeamComparisonService,
    ForecastService,
    WallboardsRepository,
    WallboardsService,
    // Ports declared below workforce, found at run time by their users (who may not import it):
    // the statistics' live staffing, and the guard's and the gateway's wallboard check.
    { provide: StaffingCalculator, useClass: ErlangStaffingCalculator },
    { provide: WallboardLinks, useExisting: WallboardsService },
  ],
})
export class WorkforceModule {}
