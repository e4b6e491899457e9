import { Module } from '@nestjs/common';

import { SettingsRepository } from '../../../platform/settings';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/** Organisation-wide settings. Import it to read them through `SettingsService`. */
@Module({
  controllers: [SettingsController],
  providers: [SettingsRepository, SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
