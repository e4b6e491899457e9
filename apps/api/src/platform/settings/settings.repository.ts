import { Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';

import { Database, InjectDatabase, settings } from '@poscalls4u/server-database';

/** The SQL of the `settings` table: one JSON value per key. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async get(key: string, executor: Database = this.db): Promise<unknown> {
    const [row] = await executor
      .select({ value: settings.value })
      .from(settings)
      .where(eq(settings.key, key))
      .limit(1);
    return row?.value;
  }

  async put(key: string, value: unknown, executor: Database = this.db): Promise<void> {
    await executor
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
  }
}
