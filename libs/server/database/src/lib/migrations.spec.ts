import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { connectDatabase } from './database';

const MIGRATIONS = join(__dirname, '../../migrations');
/** Creating a database and running every migration takes seconds, more on a busy machine. */
const MIGRATION_TEST_TIMEOUT_MS = 120_000;
const serverUrl = process.env.DATABASE_URL;

/** The migration runner: Drizzle's bookkeeping, and CONCURRENTLY index builds outside a transaction. */
describe('migrations', () => {
  it(
    'migrates an embedded database, every index valid',
    async () => {
      const connection = await connectDatabase({
        pgliteDir: 'memory://',
        migrationsFolder: MIGRATIONS,
      });
      try {
        await connection.migrate();
        await connection.migrate();
        const applied = await connection.db.execute(
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        );
        expect((applied as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(journalLength());
        const indexes = await connection.db.execute(
          sql`select c.relname as name, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
            where c.relname in ('calls_arrival_id', 'calls_waiting', 'agent_interval_stats_user_state_time', 'calls_created_id')`,
        );
        expect(
          (indexes as unknown as { rows: { name: string; valid: boolean }[] }).rows.sort((a, b) =>
            a.name.localeCompare(b.name),
          ),
        ).toEqual([
          { name: 'agent_interval_stats_user_state_time', valid: true },
          { name: 'calls_arrival_id', valid: true },
          { name: 'calls_waiting', valid: true },
        ]);
      } finally {
        await connection.close();
      }
    },
    MIGRATION_TEST_TIMEOUT_MS,
  );

  (serverUrl ? describe : describe.skip)('on the PostgreSQL server (DATABASE_URL)', () => {
    const name = `migrations_${process.pid}_${Date.now()}`;
    let admin: Client;
    let url: string;
    let oldFolder: string;

    beforeAll(async () => {
      admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const parsed = new URL(serverUrl as string);
      parsed.pathname = `/${name}`;
      url = parsed.toString();
      // The migrations as a deployment had them before 0008: applied by Drizzle's own migrator.
      oldFolder = mkdtempSync(join(tmpdir(), 'poscalls4u-migrations-'));
      cpSync(MIGRATIONS, oldFolder, { recursive: true });
      const journalPath = join(oldFolder, 'meta/_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
        entries: { tag: string }[];
      };
      journal.entries = journal.entries.filter((entry) => Number(entry.tag.slice(0, 4)) <= 7);
      writeFileSync(journalPath, JSON.stringify(journal));
    }, MIGRATION_TEST_TIMEOUT_MS);
    afterAll(async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(oldFolder, { recursive: true, force: true });
    });

    it(
      'carries on from a database Drizzle migrated, building the new indexes concurrently',
      async () => {
        const client = new Client({ connectionString: url });
        await client.connect();
        await drizzleMigrate(drizzle({ client }), { migrationsFolder: oldFolder });
        await client.query(
          `insert into teams (name) values ('T');
         insert into calls (team_id, direction, state, from_number, to_number)
           select id, 'inbound', 'queued', '+15550100', '+15550199' from teams`,
        );
        await client.end();

        const connection = await connectDatabase({
          url,
          pgliteDir: '',
          migrationsFolder: MIGRATIONS,
        });
        try {
          await connection.migrate();
          const rows = async (query: ReturnType<typeof sql>) =>
            ((await connection.db.execute(query)) as unknown as { rows: Record<string, unknown>[] })
              .rows;
          expect(
            await rows(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
          ).toEqual([{ n: journalLength() }]);
          expect(
            await rows(sql`select c.relname as name, i.indisvalid as valid from pg_index i
            join pg_class c on c.oid = i.indexrelid
            where c.relname in ('calls_arrival_id', 'calls_waiting', 'calls_created_id') order by 1`),
          ).toEqual([
            { name: 'calls_arrival_id', valid: true },
            { name: 'calls_waiting', valid: true },
          ]);
          expect(await rows(sql`select count(*)::int as n from calls`)).toEqual([{ n: 1 }]);
        } finally {
          await connection.close();
        }
      },
      MIGRATION_TEST_TIMEOUT_MS,
    );
  });
});

function journalLength(): number {
  return (
    JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as {
      entries: unknown[];
    }
  ).entries.length;
}
