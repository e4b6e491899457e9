import { Injectable, Logger } from '@nestjs/common';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { HandlesJob, JobContext, JobHandler, JobName, JobPayload } from '@poscalls4u/server-jobs';

import { IntegrationSecretCipher } from './integration-secret-cipher';
import { signatureHeader } from './signature';
import { WebhookTargetRepository } from './webhook-target.repository';

/** A PBX that has not answered by then is treated as down: the job retries later. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Posts an agent's action to the integration's webhook, signed like incoming call events.
 * A non-2xx answer or a network error throws, so the queue retries with exponential backoff;
 * a redirect counts as a failure (a signed request is not re-sent to wherever it points).
 * At least once: a retry after a lost answer posts the same action again, and the PBX
 * de-duplicates on `action.id`. The secret is never logged.
 */
@HandlesJob(JobName.DeliverWebhook)
@Injectable()
export class DeliverWebhookJobHandler implements JobHandler<JobName.DeliverWebhook> {
  private readonly logger = new Logger(DeliverWebhookJobHandler.name);

  constructor(
    private readonly targets: WebhookTargetRepository,
    private readonly cipher: IntegrationSecretCipher,
  ) {}

  async handle(payload: JobPayload<JobName.DeliverWebhook>, context: JobContext): Promise<void> {
    const { integrationId, action } = payload;
    const facts = { integrationId, actionId: action.id, actionType: action.type };
    const target = await this.targets.find(integrationId);
    // Dropped, not failed: retrying cannot make a missing URL or a deactivated integration appear.
    if (!target || !target.isActive || !target.webhookUrl) {
      const why = !target ? 'integration deleted' : !target.isActive ? 'inactive' : 'no webhookUrl';
      this.logger.log({ ...facts, why }, 'Webhook action dropped');
      return;
    }
    const secret = this.cipher.decrypt(target.secretEncrypted, target.id);
    if (secret === undefined) {
      // Only a changed MFA_ENCRYPTION_KEY does this; every retry would fail the same way.
      this.logger.error(facts, 'Webhook action dropped: the secret does not decrypt');
      return;
    }
    const body = JSON.stringify(action);
    const started = Date.now();
    const response = await fetch(target.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'PosCalls4U-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(secret, body),
        // The request that caused the action (a PBX call event, an agent's click), else the job:
        // the PBX's logs and ours meet on it. Not signed: it identifies, it does not authorize.
        'x-request-id': payload.requestId ?? context.jobId,
      },
      body,
      redirect: 'manual',
      // Also aborted when the worker shuts down: the attempt fails and the job is retried.
      signal: context.signal
        ? AbortSignal.any([AbortSignal.timeout(WEBHOOK_TIMEOUT_MS), context.signal])
        : AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    // The body is not used; reading it frees the connection for reuse.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) {
      throw new Error(`Webhook of integration ${integrationId} answered ${response.status}`);
    }
    this.logger.log(
      { ...facts, attempt: context.attempt, status: response.status, ms: Date.now() - started },
      'Webhook action delivered',
    );
  }
}
