import { Module } from '@nestjs/common';

import { WallboardLinks } from '../identity/access';
import { StaffingCalculator, StatsModule } from '../stats';
import { TeamsModule } from '../teams';
import { AgentFiguresController } from './agent-figures/agent-figures.controller';
import { AgentFiguresService } from './agent-figures/agent-figures.service';
import { TeamComparisonController } from './comparison/team-comparison.controller';
import { TeamComparisonService } from './comparison/team-comparison.service';
import { ForecastController } from './forecast/forecast.controller';
import { ForecastService } from './forecast/forecast.service';
import { ReportDeliveryService } from './scheduled-reports/report-delivery.service';
import {
  DeliverScheduledReportHandler,
  ScheduledReportsTickHandler,
  ScheduledReportsTicker,
} from './scheduled-reports/report-jobs';
import { ReportSchedulesController } from './scheduled-reports/report-schedules.controller';
import { ReportSchedulesRepository } from './scheduled-reports/report-schedules.repository';
import { ReportSchedulesService } from './scheduled-reports/report-schedules.service';
import { UnsubscribeLinks } from './scheduled-reports/unsubscribe-link';
import { UnsubscribeController } from './scheduled-reports/unsubscribe.controller';
import { ErlangStaffingCalculator } from './staffing/erlang-staffing-calculator';
import { StaffingController } from './staffing/staffing.controller';
import { StaffingService } from './staffing/staffing.service';
import { WallboardController, WallboardLinksController } from './wallboards/wallboards.controller';
import { WallboardsRepository } from './wallboards/wallboards.repository';
import { WallboardsService } from './wallboards/wallboards.service';

/**
 * Workforce planning and analysis: the staffing calculator (Erlang C and A), the forecast and
 * plan of a team's day, the team comparison, built on the statistics' figures, the wallboard
 * links, scheduled reports by email and the agents' own figures beside their team's.
 */
@Module({
  imports: [StatsModule, TeamsModule],
  controllers: [
    StaffingController,
    TeamComparisonController,
    ForecastController,
    WallboardLinksController,
    WallboardController,
    // Before the schedules' controller: /report-schedules/unsubscribe must not match /:id.
    UnsubscribeController,
    ReportSchedulesController,
    AgentFiguresController,
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
    ReportSchedulesRepository,
    ReportSchedulesService,
    ReportDeliveryService,
    UnsubscribeLinks,
    ScheduledReportsTickHandler,
    DeliverScheduledReportHandler,
    ScheduledReportsTicker,
    AgentFiguresService,
  ],
})
export class WorkforceModule {}
