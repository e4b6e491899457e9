import { sql } from 'drizzle-orm';
import { MigrationMeta, readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** Either driver's Drizzle database (the schema does not matter here). */
type Database = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/**
 * Applies the pending SQL migrations, keeping Drizzle's own bookkeeping (`drizzle.__drizzle_migrations`:
 * a database migrated by Drizzle's migrator carries on here, and the other way round).
 *
 * Drizzle's migrator runs every pending migration in one transaction, and PostgreSQL refuses
 * `CREATE INDEX CONCURRENTLY` there. An index built without it locks its table against writes
 * for as long as the build takes (minutes on a large `calls` table, while calls keep coming), so:
 * - a migration none of whose statements says CONCURRENTLY runs in a transaction of its own;
 * - a migration that does runs statement by statement, each committing on its own, and is
 *   recorded after its last statement. Such a migration must be safe to run again from the start
 *   (`IF NOT EXISTS`, and dropping an index a failed build left invalid), since a failure midway
 *   leaves it unrecorded.
 */
export async function applyMigrations(db: Database, migrationsFolder: string): Promise<number> {
  await db.execute(sql`create schema if not exists drizzle`);
  await db.execute(sql`create table if not exists drizzle.__drizzle_migrations (
    id serial primary key, hash text not null, created_at bigint)`);
  const result = await db.execute(
    sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  const [last] = (result as unknown as { rows: { created_at: string | number | null }[] }).rows;
  const appliedUntil = Number(last?.created_at ?? 0);
  const pending = readMigrationFiles({ migrationsFolder }).filter(
    (migration) => migration.folderMillis > appliedUntil,
  );
  for (const migration of pending) {
    if (needsNoTransaction(migration)) {
      for (const statement of migration.sql) await db.execute(sql.raw(statement));
      await record(db, migration);
    } else {
      await db.transaction(async (tx) => {
        for (const statement of migration.sql) await tx.execute(sql.raw(statement));
        await record(tx as unknown as Database, migration);
      });
    }
  }
  return pending.length;
}

function needsNoTransaction(migration: MigrationMeta): boolean {
  return migration.sql.some((statement) => /\bconcurrently\b/i.test(statement));
}

async function record(db: Database, migration: MigrationMeta): Promise<void> {
  await db.execute(
    sql`insert into drizzle.__drizzle_migrations (hash, created_at)
        values (${migration.hash}, ${migration.folderMillis})`,
  );
}
