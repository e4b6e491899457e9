import { Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';

import { Database, InjectDatabase, integrations } from '@poscalls4u/server-database';

export interface WebhookTarget {
  id: string;
  webhookUrl: string | null;
  isActive: boolean;
  secretEncrypted: string;
}

/** The one read the webhook delivery needs: where to post and with which secret. */
@Injectable()
export class WebhookTargetRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async find(integrationId: string): Promise<WebhookTarget | undefined> {
    const [row] = await this.db
      .select({
        id: integrations.id,
        webhookUrl: integrations.webhookUrl,
        isActive: integrations.isActive,
        secretEncrypted: integrations.secretEncrypted,
      })
      .from(integrations)
      .where(eq(integrations.id, integrationId))
      .limit(1);
    return row;
  }
}
