import { Module } from '@nestjs/common';

import { OrganizationSettingsModule } from '../platform/settings';
import { PresenceModule } from '../presence';
import { RealtimeModule } from '../realtime';
import { TeamsModule } from '../teams';
import { AlertThresholdsController } from './alert-thresholds.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { CallsExportService } from './calls-export.service';
import { DashboardPublisher } from './dashboard-publisher';
import { LiveStaffingService } from './live-staffing';
import { OrganizationSettingsController } from './organization-settings.controller';
import { StatsFiguresService } from './stats-figures.service';
import { StatsController } from './stats.controller';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

/**
 * The read side of the statistics: dashboard, reports, call statistics and CSV export, the live
 * `dashboard:update` pushes and the supervisors' alerts. The rollups it reads are written by the
 * calls and presence flows (stats/rollups).
 */
@Module({
  imports: [OrganizationSettingsModule, PresenceModule, RealtimeModule, TeamsModule],
  controllers: [StatsController, AlertThresholdsController, OrganizationSettingsController],
  providers: [
    StatsRepository,
    StatsFiguresService,
    StatsService,
    CallsExportService,
    AlertsRepository,
    AlertsService,
    DashboardPublisher,
    LiveStaffingService,
  ],
  // The figures other areas build on (workforce's team comparison), with the same access rules.
  exports: [StatsService],
})
export class StatsModule {}
