import { Injectable } from '@nestjs/common';
import { asc, eq, sql } from 'drizzle-orm';

import {
  Database,
  DispositionRow,
  InjectDatabase,
  dispositions,
} from '@poscalls4u/server-database';

/** The SQL of the `dispositions` table. */
@Injectable()
export class DispositionsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async list(includeInactive: boolean): Promise<DispositionRow[]> {
    return this.db
      .select()
      .from(dispositions)
      .where(includeInactive ? undefined : eq(dispositions.isActive, true))
      .orderBy(asc(dispositions.sortOrder), asc(dispositions.label));
  }

  async find(code: string, executor: Database = this.db): Promise<DispositionRow | undefined> {
    const [row] = await executor
      .select()
      .from(dispositions)
      .where(eq(dispositions.code, code))
      .limit(1);
    return row;
  }

  /** Adds one at the end of the list; undefined when the code is taken. */
  async insert(values: {
    code: string;
    label: string;
    isSuccess: boolean;
  }): Promise<DispositionRow | undefined> {
    const [row] = await this.db
      .insert(dispositions)
      .values({
        ...values,
        sortOrder: sql`(select coalesce(max(${dispositions.sortOrder}), 0) + 10 from ${dispositions})`,
      })
      .onConflictDoNothing()
      .returning();
    return row;
  }

  async update(
    code: string,
    changes: { label?: string; isSuccess?: boolean; isActive?: boolean },
  ): Promise<DispositionRow | undefined> {
    const [row] = await this.db
      .update(dispositions)
      .set(changes)
      .where(eq(dispositions.code, code))
      .returning();
    return row;
  }
}
