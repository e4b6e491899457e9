import { SQL, sql } from 'drizzle-orm';

import { DEFAULT_SHORT_ABANDON_SECONDS, ORGANIZATION_SETTINGS_KEY } from '../platform/settings';

/**
 * The SQL the incremental rollup writer and the rebuild share, so that both compute a bucket and
 * split a presence interval with the very same expressions (docs/metrics.md).
 */

const BUCKET_MS = 15 * 60 * 1000;

/** The 15-minute UTC bucket holding `at` (the same as `bucketSql`, in JavaScript). */
export function bucketOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
}

/** The 15-minute UTC bucket of a timestamptz expression. */
export function bucketSql(at: SQL): SQL {
  return sql`date_bin('15 minutes', ${at}, timestamptz '2000-01-01 00:00:00+00')`;
}

/** A call's arrival: first queue entry (inbound, or an outbound call a PBX reported), else dial start. */
export const CALL_ARRIVAL_SQL = sql`coalesce(c.queued_at, c.created_at)`;

export type TeamColumn =
  | 'offered'
  | 'answered'
  | 'answered_within_threshold'
  | 'abandoned'
  | 'short_abandoned'
  | 'answered_wait_ms'
  | 'abandoned_wait_ms'
  | 'max_wait_ms'
  | 'handled'
  | 'talk_ms'
  | 'hold_ms'
  | 'after_call_work_ms'
  | 'outbound'
  | 'successes'
  | 'qa_reviews'
  | 'qa_score_sum'
  | 'transfers_in'
  | 'transfers_out';

export type AgentColumn =
  | 'answered'
  | 'answered_wait_ms'
  | 'handled'
  | 'talk_ms'
  | 'hold_ms'
  | 'after_call_work_ms'
  | 'outbound'
  | 'successes'
  | 'offers'
  | 'missed'
  | 'rejected'
  | 'qa_reviews'
  | 'qa_score_sum'
  | 'available_ms'
  | 'on_call_ms'
  | 'wrap_up_ms'
  | 'break_ms'
  | 'transfers_in'
  | 'transfers_out';

export const TEAM_COLUMNS: readonly TeamColumn[] = [
  'offered',
  'answered',
  'answered_within_threshold',
  'abandoned',
  'short_abandoned',
  'answered_wait_ms',
  'abandoned_wait_ms',
  'max_wait_ms',
  'handled',
  'talk_ms',
  'hold_ms',
  'after_call_work_ms',
  'outbound',
  'successes',
  'qa_reviews',
  'qa_score_sum',
  'transfers_in',
  'transfers_out',
];

export const AGENT_COLUMNS: readonly AgentColumn[] = [
  'answered',
  'answered_wait_ms',
  'handled',
  'talk_ms',
  'hold_ms',
  'after_call_work_ms',
  'outbound',
  'successes',
  'offers',
  'missed',
  'rejected',
  'qa_reviews',
  'qa_score_sum',
  'available_ms',
  'on_call_ms',
  'wrap_up_ms',
  'break_ms',
  'transfers_in',
  'transfers_out',
];

/** Values to add to one rollup row: numbers, or SQL expressions (e.g. a threshold test). */
export type Additions<Column extends string> = Partial<Record<Column, number | SQL>>;

/**
 * `INSERT ... ON CONFLICT DO UPDATE` adding `values` to the team row of a bucket: one statement,
 * no read. Sums add up; `max_wait_ms` keeps the greatest.
 */
export function teamUpsert(teamId: string, bucket: Date, values: Additions<TeamColumn>): SQL {
  return upsert(
    'team_interval_stats',
    sql`team_id, bucket_start`,
    sql`${teamId}::uuid, ${bucket.toISOString()}::timestamptz`,
    values,
  );
}

export function agentUpsert(userId: string, bucket: Date, values: Additions<AgentColumn>): SQL {
  return upsert(
    'agent_interval_stats',
    sql`user_id, bucket_start`,
    sql`${userId}::uuid, ${bucket.toISOString()}::timestamptz`,
    values,
  );
}

function upsert(
  table: 'team_interval_stats' | 'agent_interval_stats',
  keyColumns: SQL,
  keyValues: SQL,
  values: Record<string, number | SQL | undefined>,
): SQL {
  const entries = Object.entries(values).filter(
    (entry): entry is [string, number | SQL] => entry[1] !== undefined,
  );
  // Column names come from the TeamColumn/AgentColumn unions, never from input.
  const columns = entries.map(([column]) => sql.raw(column));
  const added = entries.map(([, value]) =>
    typeof value === 'number' ? sql`${value}::bigint` : value,
  );
  const updates = entries.map(([column]) =>
    column === 'max_wait_ms'
      ? sql.raw(`${column} = greatest(${table}.${column}, excluded.${column})`)
      : sql.raw(`${column} = ${table}.${column} + excluded.${column}`),
  );
  const key = table === 'team_interval_stats' ? 'team_id, bucket_start' : 'user_id, bucket_start';
  return sql`insert into ${sql.raw(table)} (${keyColumns}, ${sql.join(columns, sql`, `)})
    values (${keyValues}, ${sql.join(added, sql`, `)})
    on conflict (${sql.raw(key)}) do update set ${sql.join(updates, sql`, `)}`;
}

/**
 * Per agent and bucket, the milliseconds of each state in the closed presence intervals of
 * `intervals` (a relation with `user_id`, `status`, `started_at`, `ended_at`), each interval split
 * at the 15-minute boundaries it crosses. Offline time is not stored. The overlap is computed from
 * the stored microsecond times and rounded to the millisecond per bucket, here only, so the
 * incremental update and the rebuild agree to the millisecond.
 */
export function timeInStateRows(intervals: SQL): SQL {
  return sql`
    select i.user_id, b.bucket_start,
      sum(case when i.status = 'available' then o.ms else 0 end)::bigint as available_ms,
      sum(case when i.status = 'on_call' then o.ms else 0 end)::bigint as on_call_ms,
      sum(case when i.status = 'wrap_up' then o.ms else 0 end)::bigint as wrap_up_ms,
      sum(case when i.status = 'break' then o.ms else 0 end)::bigint as break_ms
    from ${intervals} i
    cross join lateral generate_series(
      ${bucketSql(sql`i.started_at`)}, i.ended_at, interval '15 minutes') as b(bucket_start)
    cross join lateral (
      select round(extract(epoch from
        least(i.ended_at, b.bucket_start + interval '15 minutes')
          - greatest(i.started_at, b.bucket_start)) * 1000)::bigint as ms) o
    where i.status <> 'offline' and i.ended_at > i.started_at and b.bucket_start < i.ended_at
    group by i.user_id, b.bucket_start`;
}

/**
 * The organisation's short-abandon threshold in milliseconds, read inside the statement that
 * needs it: no extra round trip, and never stale (OrganizationSettingsService stores it).
 */
export const SHORT_ABANDON_MS_SQL = sql`(coalesce(
  (select (s.value ->> 'shortAbandonSeconds')::int from settings s
   where s.key = ${ORGANIZATION_SETTINGS_KEY}),
  ${DEFAULT_SHORT_ABANDON_SECONDS}::int) * 1000)`;
