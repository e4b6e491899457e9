import { Module } from '@nestjs/common';

import { OrganizationSettingsModule } from '../../../platform/settings';
import { StoresModule } from '../../stores/stores.module';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/** The security policy, as admins read and change it (`/api/settings/security`). */
@Module({
  imports: [OrganizationSettingsModule, StoresModule],
  controllers: [SettingsController],
  providers: [SettingsService],
})
export class SettingsModule {}
