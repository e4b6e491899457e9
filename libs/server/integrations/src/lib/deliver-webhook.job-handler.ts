import { Injectable, Logger } from '@nestjs/common';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import {
  HandlesJob,
  JobContext,
  JobHandler,
  JobName,
  JobPayload,
  QUEUE_ATTEMPTS,
  QueueName,
} from '@poscalls4u/server-jobs';

import { IntegrationSecretCipher } from './integration-secret-cipher';
import { signatureHeader } from './signature';
import { DeliveryOutcome, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookTargetRepository } from './webhook-target.repository';

/** A PBX that has not answered by then is treated as down: the job retries later. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Posts an agent's action to the integration's webhook, signed like incoming call events.
 * A non-2xx answer or a network error throws, so the queue retries with exponential backoff;
 * a redirect counts as a failure (a signed request is not re-sent to wherever it points).
 * At least once: a retry after a lost answer posts the same action again, and the PBX
 * de-duplicates on `action.id`. The secret is never logged. Every try is recorded
 * (`WebhookDeliveryRepository`): the admin sees the deliveries, their status and last answer.
 */
@HandlesJob(JobName.DeliverWebhook)
@Injectable()
export class DeliverWebhookJobHandler implements JobHandler<JobName.DeliverWebhook> {
  private readonly logger = new Logger(DeliverWebhookJobHandler.name);

  constructor(
    private readonly targets: WebhookTargetRepository,
    private readonly cipher: IntegrationSecretCipher,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  async handle(payload: JobPayload<JobName.DeliverWebhook>, context: JobContext): Promise<void> {
    const { integrationId, action } = payload;
    const facts = { integrationId, actionId: action.id, actionType: action.type };
    const target = await this.targets.find(integrationId);
    // Dropped, not failed: retrying cannot make a missing URL or a deactivated integration appear.
    if (!target || !target.isActive || !target.webhookUrl) {
      const why = !target ? 'integration deleted' : !target.isActive ? 'inactive' : 'no webhookUrl';
      this.logger.log({ ...facts, why }, 'Webhook action dropped');
      // A deleted integration took its deliveries with it: nothing to record against.
      if (target) await this.record(integrationId, action, { status: 'dropped', error: why });
      return;
    }
    const secret = this.cipher.decrypt(target.secretEncrypted, target.id);
    if (secret === undefined) {
      // Only a changed MFA_ENCRYPTION_KEY does this; every retry would fail the same way.
      this.logger.error(facts, 'Webhook action dropped: the secret does not decrypt');
      await this.record(integrationId, action, {
        status: 'dropped',
        error: 'the secret does not decrypt',
      });
      return;
    }
    const lastTry = context.attempt >= QUEUE_ATTEMPTS[QueueName.Webhooks];
    const failed = lastTry ? 'failed' : 'retrying';
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
    }).catch(async (error: unknown) => {
      // No answer at all (refused, timed out): recorded, then the queue retries.
      const why = context.signal?.aborted ? 'stopped: the worker shut down' : networkError(error);
      await this.record(integrationId, action, { status: failed, error: why });
      throw error;
    });
    // The body is not used; reading it frees the connection for reuse.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) {
      await this.record(integrationId, action, {
        status: failed,
        responseCode: response.status,
        error: `answered ${String(response.status)}`,
      });
      throw new Error(`Webhook of integration ${integrationId} answered ${response.status}`);
    }
    await this.record(integrationId, action, {
      status: 'delivered',
      responseCode: response.status,
    });
    this.logger.log(
      { ...facts, attempt: context.attempt, status: response.status, ms: Date.now() - started },
      'Webhook action delivered',
    );
  }

  /** Records a try; a failed write is logged, never allowed to fail or repeat the delivery. */
  private async record(
    integrationId: string,
    action: JobPayload<JobName.DeliverWebhook>['action'],
    outcome: DeliveryOutcome,
  ): Promise<void> {
    try {
      await this.deliveries.recordAttempt(integrationId, action, outcome);
    } catch (error) {
      this.logger.error(
        { integrationId, actionId: action.id, err: error },
        'Could not record the webhook delivery',
      );
    }
  }
}

/** Why a post got no answer, in words (no URL, no secret: only the error's kind). */
function networkError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${String(WEBHOOK_TIMEOUT_MS / 1000)} s`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return `connection failed (${cause.code})`;
  return 'connection failed';
}
