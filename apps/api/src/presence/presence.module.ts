import { Module } from '@nestjs/common';

import { StatsRollupsModule } from '../rollups';
import { TeamsModule } from '../teams';
import { PresenceController } from './presence.controller';
import { PresenceRepository } from './presence.repository';
import { PresenceService } from './presence.service';

@Module({
  imports: [StatsRollupsModule, TeamsModule],
  controllers: [PresenceController],
  providers: [PresenceRepository, PresenceService],
  exports: [PresenceService],
})
export class PresenceModule {}
