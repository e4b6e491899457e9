import { Module } from '@nestjs/common';

import { IntegrationWebhooksModule } from '@poscalls4u/server-integrations';

import { OutboxModule } from '../platform/outbox';
import { OrganizationSettingsModule } from '../platform/settings';
import { PresenceModule } from '../presence';
import { RealtimeModule } from '../realtime';
import { StatsRollupsModule } from '../rollups';
import { TeamsModule } from '../teams';
import { CallAssistsRepository } from './assist/call-assists.repository';
import { CallAssistsService } from './assist/call-assists.service';
import { CallsConferenceController } from './calls-conference.controller';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { CallConferenceService } from './conference/call-conference.service';
import { ConferenceMoves } from './core/call-conference-moves';
import { CallDirectory } from './core/call-directory';
import { CallNotifier } from './core/call-notifier';
import { CallReadModelRepository } from './core/call-read-model.repository';
import { CallTargets } from './core/call-targets';
import { CallTransitions } from './core/call-transitions';
import { CallWritesRepository } from './core/call-writes.repository';
import { CallerHistoryReader } from './core/caller-history';
import { QaReviewsRepository } from './core/qa-reviews.repository';
import { DispositionsController } from './dispositions/dispositions.controller';
import { DispositionsRepository } from './dispositions/dispositions.repository';
import { DispositionsService } from './dispositions/dispositions.service';
import { RoutingRepository } from './routing/routing.repository';
import { RoutingService } from './routing/routing.service';
import { SkillsController } from './skills/skills.controller';
import { SkillsRepository } from './skills/skills.repository';
import { SkillsService } from './skills/skills.service';
import { IntegrationsController } from './telephony/integrations.controller';
import { IntegrationsRepository } from './telephony/integrations.repository';
import { IntegrationsService } from './telephony/integrations.service';
import { PbxEventsService } from './telephony/pbx-events.service';
import { PbxIngestionRepository } from './telephony/pbx-ingestion.repository';

/**
 * Calls, the one module of the area: the lifecycle (`core/`), the ACD (`routing/`),
 * dispositions, QA reviews and the telephony integrations (`telephony/`: admin endpoints, signed
 * call-event ingestion, and the deliver-webhook job handler, which the API runs in-process when
 * there is no Redis; with Redis the worker runs it).
 */
@Module({
  imports: [
    IntegrationWebhooksModule,
    OrganizationSettingsModule,
    OutboxModule,
    PresenceModule,
    RealtimeModule,
    StatsRollupsModule,
    TeamsModule,
  ],
  controllers: [
    CallsController,
    CallsConferenceController,
    DispositionsController,
    IntegrationsController,
    SkillsController,
  ],
  providers: [
    CallAssistsRepository,
    CallAssistsService,
    CallConferenceService,
    CallTargets,
    ConferenceMoves,
    CallWritesRepository,
    CallReadModelRepository,
    QaReviewsRepository,
    CallTransitions,
    CallNotifier,
    CallerHistoryReader,
    CallDirectory,
    CallsService,
    DispositionsRepository,
    DispositionsService,
    IntegrationsRepository,
    IntegrationsService,
    PbxIngestionRepository,
    PbxEventsService,
    RoutingRepository,
    RoutingService,
    SkillsRepository,
    SkillsService,
  ],
  exports: [CallDirectory],
})
export class CallsModule {}
