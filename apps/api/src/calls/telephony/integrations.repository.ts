import { Injectable } from '@nestjs/common';
import { and, asc, eq, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  IntegrationRow,
  integrations,
} from '@poscalls4u/server-database';

/** The SQL of the `integrations` table. */
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
}
