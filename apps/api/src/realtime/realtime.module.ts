import { Module } from '@nestjs/common';

import { SessionsModule } from '../identity/flows/sessions/sessions.module';
import { PresenceModule } from '../presence/presence.module';
import { TeamsModule } from '../teams/teams.module';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeService } from './realtime.service';

@Module({
  imports: [SessionsModule, TeamsModule, PresenceModule],
  providers: [RealtimeGateway, RealtimeService],
  exports: [RealtimeService],
})
export class RealtimeModule {}
