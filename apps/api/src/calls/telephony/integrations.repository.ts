import { Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  IntegrationRow,
  WebhookDeliveryRow,
  integrations,
  webhookDeliveries,
} from '@poscalls4u/server-database';

/**
 * The SQL of the `integrations` table, and the admin's reads of `webhook_deliveries` (written by
 * the deliver-webhook job in `libs/server/integrations`).
 */
@Injectable()
export class IntegrationsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async list(): Promise<IntegrationRow[]> {
    return this.db
      .select()
      .from(integrations)
      .orderBy(asc(integrations.name), asc(integrations.id));
  }

  async findById(id: string): Promise<IntegrationRow | undefined> {
    const [row] = await this.db.select().from(integrations).where(eq(integrations.id, id)).limit(1);
    return row;
  }

  /** True when an outbound call may go through this integration. */
  async isActive(id: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: integrations.id })
      .from(integrations)
      .where(and(eq(integrations.id, id), eq(integrations.isActive, true)))
      .limit(1);
    return row !== undefined;
  }

  async insert(values: {
    id: string;
    name: string;
    webhookUrl: string | null;
    secretEncrypted: string;
    createdBy: string;
  }): Promise<IntegrationRow> {
    const [row] = await this.db.insert(integrations).values(values).returning();
    return row as IntegrationRow;
  }

  async update(
    id: string,
    changes: Partial<Pick<IntegrationRow, 'name' | 'webhookUrl' | 'isActive' | 'secretEncrypted'>>,
  ): Promise<IntegrationRow | undefined> {
    const [row] = await this.db
      .update(integrations)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(integrations.id, id))
      .returning();
    return row;
  }

  /** One page of an integration's deliveries, newest first, and how many there are. */
  async deliveries(
    integrationId: string,
    limit: number,
    offset: number,
  ): Promise<{ rows: WebhookDeliveryRow[]; total: number }> {
    const rows = await this.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.integrationId, integrationId))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit)
      .offset(offset);
    const [row] = await this.db
      .select({ total: count() })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.integrationId, integrationId));
    return { rows, total: row?.total ?? 0 };
  }

  async delivery(
    integrationId: string,
    deliveryId: string,
    executor: Database = this.db,
  ): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await executor
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.integrationId, integrationId),
          eq(webhookDeliveries.id, deliveryId),
        ),
      )
      .limit(1)
      .for('update');
    return row;
  }

  /** Marks a delivery queued again (a retry by hand). */
  async markPending(deliveryId: string, executor: Database): Promise<WebhookDeliveryRow> {
    const [row] = await executor
      .update(webhookDeliveries)
      .set({ status: 'pending' })
      .where(eq(webhookDeliveries.id, deliveryId))
      .returning();
    return row as WebhookDeliveryRow;
  }
}
