import { Module } from '@nestjs/common';

import { OrganizationSettingsController } from '../../stats/organization-settings.controller';
import { OrganizationSettingsService } from './organization-settings.service';
import { SettingsRepository } from './settings.repository';

/**
 * `GET/PUT /api/settings/organization` and `OrganizationSettingsService.get()`, which the
 * statistics read side uses for the organisation's time zone and short-abandon threshold.
 */
@Module({
  controllers: [OrganizationSettingsController],
  providers: [SettingsRepository, OrganizationSettingsService],
  exports: [OrganizationSettingsService],
})
export class OrganizationSettingsModule {}
