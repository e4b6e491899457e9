import { Module } from '@nestjs/common';

import { DeliverWebhookJobHandler } from './deliver-webhook.job-handler';
import { IntegrationSecretCipher } from './integration-secret-cipher';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookTargetRepository } from './webhook-target.repository';

/**
 * The secret cipher and the handler of the deliver-webhook job. Import it once in every process
 * that runs jobs: the worker, and the API (its integrations module; it runs jobs in-process
 * without Redis). Needs the global `APP_CONFIG` and `DATABASE`.
 */
@Module({
  providers: [
    IntegrationSecretCipher,
    WebhookTargetRepository,
    WebhookDeliveryRepository,
    DeliverWebhookJobHandler,
  ],
  exports: [IntegrationSecretCipher],
})
export class IntegrationWebhooksModule {}
