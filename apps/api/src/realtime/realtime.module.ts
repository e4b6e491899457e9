import { Module } from '@nestjs/common';

import { PresenceModule } from '../presence';
import { TeamsModule } from '../teams';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeService } from './realtime.service';

@Module({
  imports: [TeamsModule, PresenceModule],
  providers: [RealtimeGateway, RealtimeService],
  exports: [RealtimeService],
})
export class RealtimeModule {}
