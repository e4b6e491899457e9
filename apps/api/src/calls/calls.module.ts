import { Module } from '@nestjs/common';

import { OutboxModule } from '../platform/outbox';
import { PresenceModule } from '../presence';
import { RealtimeModule } from '../realtime';
import { StatsRollupsModule } from '../rollups';
import { TeamsModule } from '../teams';
import { CallNotifier } from './call-notifier';
import { CallTransitions } from './call-transitions';
import { CallsController } from './calls.controller';
import { CallsRepository } from './calls.repository';
import { CallsService } from './calls.service';
import { DispositionsController } from './dispositions/dispositions.controller';
import { DispositionsRepository } from './dispositions/dispositions.repository';
import { DispositionsService } from './dispositions/dispositions.service';
import { RoutingRepository } from './routing/routing.repository';
import { RoutingService } from './routing/routing.service';
import { PbxEventsService } from './telephony/pbx-events.service';

/**
 * Calls: the lifecycle, the ACD, PBX event ingestion (`CallsService.ingestPbxEvent`, for the
 * integrations module), dispositions and QA reviews.
 */
@Module({
  imports: [OutboxModule, PresenceModule, RealtimeModule, StatsRollupsModule, TeamsModule],
  controllers: [CallsController, DispositionsController],
  providers: [
    CallsRepository,
    CallTransitions,
    CallNotifier,
    CallsService,
    DispositionsRepository,
    DispositionsService,
    PbxEventsService,
    RoutingRepository,
    RoutingService,
  ],
  exports: [CallsService],
})
export class CallsModule {}
