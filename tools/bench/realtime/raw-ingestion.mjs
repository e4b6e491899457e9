// The raw baseline of the ingestion measure (issue 17): the rows the API writes for a PBX batch of
// queued and abandoned calls, written with plain SQL, one transaction per batch, over a pool of
// the API's size, on a scratch database of its own migrated with the API's migrations. Per batch,
// as the API (apps/api/src/calls/telephony/pbx-ingestion.repository.ts, calls/core/
// call-writes.repository.ts, rollups): the event ids claimed in `integration_events` with the
// batch's calls locked; the new calls and their `call_events`; the abandoned calls updated with
// their `call_events`; the team's `team_interval_stats` row upserted once; the ledger settled.
// What the API adds on top (HTTP, signature, validation, state machine, routing, live pushes) is
// what the ratio measures. Each statement handles the whole batch: the ceiling of plain SQL.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { resolve } from 'node:path';
import pg from 'pg';

const MIGRATIONS = resolve(import.meta.dirname, '../../../libs/server/database/migrations');
/** organization settings' default short-abandon threshold (5 s), as the API's upsert reads it. */
const SHORT_ABANDON_MS = 5_000;

/**
 * Migrates the baseline's scratch database and copies the team and integration rows the batches
 * name from the API's database (foreign-key triggers off for the copy: only those two rows come).
 */
export async function prepareRawDatabase(rawUrl, apiUrl, { teamIds, integrationId }) {
  const migrator = new pg.Client({ connectionString: rawUrl });
  await migrator.connect();
  try {
    // Statement by statement, as the API's applyMigrations does for CONCURRENTLY (refused in a
    // transaction); a scratch database needs no bookkeeping.
    for (const migration of readMigrationFiles({ migrationsFolder: MIGRATIONS }))
      for (const statement of migration.sql) await migrator.query(statement);
  } finally {
    await migrator.end();
  }
  const source = new pg.Client({ connectionString: apiUrl });
  const target = new pg.Client({ connectionString: rawUrl });
  await source.connect();
  await target.connect();
  try {
    const copy = async (table, ids) => {
      const { rows } = await source.query(
        `select row_to_json(t) as row from ${table} t where id = any($1::uuid[])`,
        [ids],
      );
      for (const { row } of rows)
        await target.query(
          `insert into ${table} select * from json_populate_record(null::${table}, $1::json)`,
          [row],
        );
    };
    await target.query(`set session_replication_role = replica`);
    await copy('teams', teamIds);
    await copy('integrations', [integrationId]);
  } finally {
    await source.end();
    await target.end();
  }
}

/** One PBX batch written with plain SQL in one transaction: `queued` new calls, `abandoned` ones. */
export async function writeRawBatch(pool, integrationId, teamId, { queued, abandoned }) {
  const eventIds = [
    ...abandoned.map((callId) => `${callId}:call.abandoned`),
    ...queued.map((callId) => `${callId}:call.queued`),
  ];
  const externalIds = [...abandoned, ...queued];
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `with claimed as (
         insert into integration_events (integration_id, event_id, outcome)
         select $1::uuid, unnest($2::text[]), 'applied'
         on conflict do nothing returning event_id)
       select (select count(*) from claimed) as claimed,
              (select count(*) from (
                 select 1 from calls c
                 where c.integration_id = $1::uuid and c.external_id = any($3::text[])
                 order by c.id for update of c) locked) as locked`,
      [integrationId, eventIds, externalIds],
    );
    await client.query(
      `with created as (
         insert into calls (id, team_id, direction, state, from_number, to_number, integration_id,
                            external_id, queued_at, created_at, updated_at)
         select gen_random_uuid(), $2::uuid, 'inbound', 'queued', '+15550100', '+15550199',
                $1::uuid, x, now(), now(), now()
         from unnest($3::text[]) x
         on conflict do nothing returning id, external_id)
       insert into call_events (call_id, type, from_state, to_state, source, occurred_at, details)
       select id, 'queued', null, 'queued', 'pbx', now(),
              jsonb_build_object('pbxEventId', external_id || ':call.queued')
       from created`,
      [integrationId, teamId, queued],
    );
    const {
      rows: [moved],
    } = await client.query(
      `with moved as (
         update calls c set state = 'abandoned', completed_at = now(), updated_at = now(),
                wait_ms = (extract(epoch from now() - c.queued_at) * 1000)::bigint
         where c.integration_id = $1::uuid and c.external_id = any($2::text[]) and c.state = 'queued'
         returning c.id, c.external_id, c.wait_ms),
       recorded as (
         insert into call_events (call_id, type, from_state, to_state, source, occurred_at, details)
         select id, 'abandoned', 'queued', 'abandoned', 'pbx', now(),
                jsonb_build_object('pbxEventId', external_id || ':call.abandoned')
         from moved returning 1)
       select count(*)::int as count, coalesce(sum(wait_ms), 0)::bigint as wait,
              coalesce(max(wait_ms), 0)::bigint as max_wait,
              (count(*) filter (where wait_ms < $3))::int as short
       from moved`,
      [integrationId, abandoned, SHORT_ABANDON_MS],
    );
    // The rollup row once per batch, with the ledger's settlement (as the API's last writes).
    await client.query(
      `with stats as (
         insert into team_interval_stats (team_id, bucket_start, offered, abandoned,
                                          short_abandoned, abandoned_wait_ms, max_wait_ms)
         values ($1::uuid, date_bin('15 minutes', now(), timestamptz '2000-01-01 00:00:00+00'),
                 $2, $3, $4, $5, $6)
         on conflict (team_id, bucket_start) do update set
           offered = team_interval_stats.offered + excluded.offered,
           abandoned = team_interval_stats.abandoned + excluded.abandoned,
           short_abandoned = team_interval_stats.short_abandoned + excluded.short_abandoned,
           abandoned_wait_ms = team_interval_stats.abandoned_wait_ms + excluded.abandoned_wait_ms,
           max_wait_ms = greatest(team_interval_stats.max_wait_ms, excluded.max_wait_ms)
         returning 1)
       update integration_events e set outcome = 'applied', call_id = c.id
       from unnest($8::text[], $9::text[]) v(event_id, external_id)
       join calls c on c.integration_id = $7::uuid and c.external_id = v.external_id
       where e.integration_id = $7::uuid and e.event_id = v.event_id`,
      [
        teamId,
        queued.length,
        moved.count,
        moved.short,
        moved.wait,
        moved.max_wait,
        integrationId,
        eventIds,
        externalIds,
      ],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** How many event ids an integration's ledger holds (the count check: nothing acknowledged lost). */
export async function ledgerCount(url, integrationId) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select count(*)::int as count from integration_events where integration_id = $1',
      [integrationId],
    );
    return rows[0].count;
  } finally {
    await client.end();
  }
}
