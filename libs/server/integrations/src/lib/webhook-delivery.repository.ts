import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import { WebhookAction } from '@poscalls4u/contracts';
import { Database, InjectDatabase, webhookDeliveries } from '@poscalls4u/server-database';

/** How one try of a delivery ended. */
export interface DeliveryOutcome {
  status: 'delivered' | 'retrying' | 'failed' | 'dropped';
  responseCode?: number;
  error?: string;
}

/**
 * The record of each command posted to an integration's webhook: one row per action, its tries
 * counted, its last answer kept (`webhook_deliveries`). The API lists it and re-sends from it.
 */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /**
   * Counts one try of `action` and stores how it ended; the first try creates the row. Safe to
   * run twice for one try (at least once delivery): the count may then be one too high, never lost.
   */
  async recordAttempt(
    integrationId: string,
    action: WebhookAction,
    outcome: DeliveryOutcome,
  ): Promise<void> {
    const values = {
      status: outcome.status,
      lastError: outcome.error ?? null,
      responseCode: outcome.responseCode ?? null,
      lastAttemptAt: sql`now()`,
    };
    await this.db
      .insert(webhookDeliveries)
      .values({
        integrationId,
        actionId: action.id,
        actionType: action.type,
        action,
        attempts: 1,
        ...values,
      })
      .onConflictDoUpdate({
        target: [webhookDeliveries.integrationId, webhookDeliveries.actionId],
        set: { ...values, attempts: sql`${webhookDeliveries.attempts} + 1` },
      });
  }
}
