import { Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  OAuthIdentityRow,
  oauthIdentities,
  oneTimeTokens,
} from '@poscalls4u/server-database';

/** The SQL of social sign-in: `oauth_identities` and the `oauth_code` one-time tokens. */
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

  async insertCode(code: {
    userId: string;
    tokenHash: string;
    expiresAt: Date;
    data: Record<string, unknown>;
  }): Promise<void> {
    await this.db.insert(oneTimeTokens).values({ ...code, purpose: 'oauth_code' });
  }

  /** Uses an unexpired, unused code up in one statement, so it works exactly once. */
  async consumeCode(tokenHash: string): Promise<{ userId: string; data: unknown } | undefined> {
    const [row] = await this.db
      .update(oneTimeTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(oneTimeTokens.tokenHash, tokenHash),
          eq(oneTimeTokens.purpose, 'oauth_code'),
          isNull(oneTimeTokens.usedAt),
          gt(oneTimeTokens.expiresAt, sql`now()`),
        ),
      )
      .returning({ userId: oneTimeTokens.userId, data: oneTimeTokens.data });
    return row;
  }
}
