import { Module } from '@nestjs/common';

import { OrganizationSettingsService } from './organization-settings.service';
import { SettingsRepository } from './settings.repository';

/**
 * The `settings` table (one JSON value per key) and the organisation's settings in it:
 * `OrganizationSettingsService.get()` gives the statistics their time zone and short-abandon
 * threshold. Identity keeps its security policy in the same table through `SettingsRepository`.
 */
@Module({
  providers: [SettingsRepository, OrganizationSettingsService],
  exports: [SettingsRepository, OrganizationSettingsService],
})
export class OrganizationSettingsModule {}
