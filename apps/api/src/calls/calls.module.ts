import { Module } from '@nestjs/common';

import { OutboxModule } from '../platform/outbox';
import { PresenceModule } from '../presence';
import { RealtimeModule } from '../realtime';
import { StatsRollupsModule } from '../rollups';
import { TeamsModule } from '../teams';
import { CallNotifier } from './call-notifier';
import { CallReadModelRepository } from './call-read-model.repository';
import { CallTransitions } from './call-transitions';
import { CallWritesRepository } from './call-writes.repository';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { DispositionsController } from './dispositions/dispositions.controller';
import { DispositionsRepository } from './dispositions/dispositions.repository';
import { DispositionsService } from './dispositions/dispositions.service';
import { QaReviewsRepository } from './qa-reviews.repository';
import { RoutingRepository } from './routing/routing.repository';
import { RoutingService } from './routing/routing.service';
import { IntegrationsRepository } from './telephony/integrations.repository';
import { PbxEventsService } from './telephony/pbx-events.service';
import { PbxIngestionRepository } from './telephony/pbx-ingestion.repository';

/**
 * Calls: the lifecycle, the ACD, PBX event ingestion (`CallsService.ingestPbxEvents`, for the
 * integrations module), dispositions and QA reviews. `IntegrationsRepository` is provided here
 * and exported to the integrations module, because dialling out checks the integration first.
 */
@Module({
  imports: [OutboxModule, PresenceModule, RealtimeModule, StatsRollupsModule, TeamsModule],
  controllers: [CallsController, DispositionsController],
  providers: [
    CallWritesRepository,
    CallReadModelRepository,
    QaReviewsRepository,
    CallTransitions,
    CallNotifier,
    CallsService,
    DispositionsRepository,
    DispositionsService,
    IntegrationsRepository,
    PbxIngestionRepository,
    PbxEventsService,
    RoutingRepository,
    RoutingService,
  ],
  exports: [CallsService, IntegrationsRepository],
})
export class CallsModule {}
