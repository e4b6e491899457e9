import { Module } from '@nestjs/common';

import { IntegrationWebhooksModule } from '@poscalls4u/server-integrations';

import { CallsModule } from '../calls.module';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsService } from './integrations.service';

/**
 * Telephony integrations: admin endpoints and signed call-event ingestion. It also brings the
 * deliver-webhook job handler into the API, which runs it in-process when there is no Redis
 * (with Redis the worker runs it).
 */
@Module({
  imports: [CallsModule, IntegrationWebhooksModule],
  controllers: [IntegrationsController],
  providers: [IntegrationsService],
})
export class IntegrationsModule {}
