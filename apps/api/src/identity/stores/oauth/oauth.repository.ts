import { Injectable } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  OAuthIdentityRow,
  oauthIdentities,
} from '@poscalls4u/server-database';

/** The SQL of the `oauth_identities` table: provider identities linked to users. */
@Injectable()
export class OAuthRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async findIdentity(provider: string, subject: string): Promise<OAuthIdentityRow | undefined> {
    const [row] = await this.db
      .select()
      .from(oauthIdentities)
      .where(and(eq(oauthIdentities.provider, provider), eq(oauthIdentities.subject, subject)))
      .limit(1);
    return row;
  }

  /** Links an identity; false when (provider, subject) is already linked (a concurrent callback). */
  async insertIdentity(
    identity: { userId: string; provider: string; subject: string; email: string | null },
    executor: Database = this.db,
  ): Promise<boolean> {
    const rows = await executor
      .insert(oauthIdentities)
      .values(identity)
      .onConflictDoNothing()
      .returning({ id: oauthIdentities.id });
    return rows.length > 0;
  }
}
