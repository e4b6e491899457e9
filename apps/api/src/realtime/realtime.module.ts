import { Module } from '@nestjs/common';

import { SessionsModule } from '../identity';
import { PresenceModule } from '../presence';
import { TeamsModule } from '../teams';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeService } from './realtime.service';

@Module({
  imports: [SessionsModule, TeamsModule, PresenceModule],
  providers: [RealtimeGateway, RealtimeService],
  exports: [RealtimeService],
})
export class RealtimeModule {}
