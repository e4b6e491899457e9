import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import { Database, InjectDatabase } from '@poscalls4u/server-database';

import {
  AGENT_COLUMNS,
  CALL_ARRIVAL_SQL,
  SHORT_ABANDON_MS_SQL,
  TEAM_COLUMNS,
  bucketSql,
  timeInStateRows,
} from './rollup-sql';

export interface RebuildSummary {
  teamRows: number;
  agentRows: number;
  milliseconds: number;
}

const BUCKET = bucketSql(CALL_ARRIVAL_SQL);

/**
 * Recomputes both rollup tables from the raw data (`npm run stats:rebuild`): calls, their
 * offer/missed/rejected/dialing events, QA reviews, the teams' thresholds, the short-abandon
 * setting, the dispositions' success flags and the closed presence intervals. Set-based SQL, one
 * pass per source, deleted and inserted in one transaction (readers see the old rows until it
 * commits). It applies the current thresholds and flags to all of history (docs/metrics.md).
 */
@Injectable()
export class StatsRebuildService {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async rebuild(): Promise<RebuildSummary> {
    const started = Date.now();
    const counts = await this.db.transaction(async (tx) => {
      // Large histories aggregate in memory rather than spilling to disk.
      await tx.execute(sql`set local work_mem = '256MB'`);
      await tx.execute(sql`delete from team_interval_stats`);
      await tx.execute(sql`delete from agent_interval_stats`);
      const teamRows = rowCount(await tx.execute(teamRowsSql()));
      const agentRows = rowCount(await tx.execute(agentRowsSql()));
      return { teamRows, agentRows };
    });
    return { ...counts, milliseconds: Date.now() - started };
  }
}

/**
 * The team and agent of a call's first segment, who got its arrival figures (offered, answered):
 * the first segment a transfer closed, else the call's own.
 */
const FIRST = sql`cross join lateral (
  select coalesce((select s.team_id from call_segments s where s.call_id = c.id and s.seq = 1),
                  c.team_id) as team_id,
         case when c.transfer_count > 0
              then (select s.agent_id from call_segments s where s.call_id = c.id and s.seq = 1)
              else c.agent_id end as agent_id) f`;

function teamRowsSql() {
  const columns = sql.raw(TEAM_COLUMNS.join(', '));
  const sums = sql.raw(
    TEAM_COLUMNS.map((column) =>
      column === 'max_wait_ms' ? `max(${column})` : `sum(${column})`,
    ).join(', '),
  );
  return sql`
    insert into team_interval_stats (team_id, bucket_start, ${columns})
    select team_id, bucket_start, ${sums}
    from (
      -- Arrival figures go to the first segment's team; the last segment's handling to the
      -- call's team now (the same team unless a transfer moved it).
      select p.team_id, ${BUCKET} as bucket_start,
        p.arrival * (c.direction = 'inbound')::int as offered,
        p.arrival * x.answered as answered,
        p.arrival * (x.answered = 1 and x.wait <= t.service_level_threshold_seconds * 1000)::int
          as answered_within_threshold,
        p.arrival * x.abandoned as abandoned,
        p.arrival * (x.abandoned = 1 and x.wait < ${SHORT_ABANDON_MS_SQL})::int as short_abandoned,
        p.arrival * x.answered * x.wait as answered_wait_ms,
        p.arrival * x.abandoned * x.wait as abandoned_wait_ms,
        p.arrival * (x.answered + x.abandoned) * x.wait as max_wait_ms,
        p.handling * x.handled as handled,
        p.handling * x.handled * coalesce(c.talk_ms, 0) as talk_ms,
        p.handling * x.handled * c.hold_ms as hold_ms,
        p.handling * x.handled * coalesce(c.after_call_work_ms, 0) as after_call_work_ms,
        p.arrival * (c.direction = 'outbound')::int as outbound,
        p.handling * (x.handled = 1 and coalesce(d.is_success, false))::int as successes,
        0 as qa_reviews,
        0 as qa_score_sum,
        0 as transfers_in,
        p.handling * x.handled * x.to_number as transfers_out
      from calls c
      ${FIRST}
      cross join lateral (
        select f.team_id, 1 as arrival, (f.team_id = c.team_id)::int as handling
        union all
        select c.team_id, 0, 1 where f.team_id <> c.team_id) p
      join teams t on t.id = p.team_id
      left join dispositions d on d.code = c.disposition_code
      cross join lateral (
        select (c.direction = 'inbound' and c.answered_at is not null)::int as answered,
               (c.direction = 'inbound' and c.state = 'abandoned'
                and c.answered_at is null)::int as abandoned,
               (c.state = 'completed')::int as handled,
               exists (select 1 from call_events e
                       where e.call_id = c.id and e.type = 'transferred'
                         and e.to_state = 'completed')::int as to_number,
               coalesce(c.wait_ms, 0)::bigint as wait) x
      union all
      select c.team_id, ${BUCKET}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, r.score, 0, 0
      from qa_reviews r
      join calls c on c.id = r.call_id
      union all
      -- Segments transfers closed: handled by their team, a transfer out of it and into the
      -- team it went to.
      select s.team_id, ${BUCKET}, 0, 0, 0, 0, 0, 0, 0, 0,
        1, s.talk_ms, s.hold_ms, 0, 0, 0, 0, 0, 0, 1
      from call_segments s
      join calls c on c.id = s.call_id
      union all
      select s.to_team_id, ${BUCKET}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0
      from call_segments s
      join calls c on c.id = s.call_id
      where s.to_team_id is not null
    ) contributions
    group by team_id, bucket_start`;
}

function agentRowsSql() {
  const columns = sql.raw(AGENT_COLUMNS.join(', '));
  const sums = sql.raw(AGENT_COLUMNS.map((column) => `sum(${column})`).join(', '));
  return sql`
    insert into agent_interval_stats (user_id, bucket_start, ${columns})
    select user_id, bucket_start, ${sums}
    from (
      -- The answer goes to the first segment's agent, the last segment's handling to the call's.
      select p.user_id, ${BUCKET} as bucket_start,
        p.arrival * x.answered as answered,
        p.arrival * x.answered * coalesce(c.wait_ms, 0) as answered_wait_ms,
        p.handling * x.handled as handled,
        p.handling * x.handled * coalesce(c.talk_ms, 0) as talk_ms,
        p.handling * x.handled * c.hold_ms as hold_ms,
        p.handling * x.handled * coalesce(c.after_call_work_ms, 0) as after_call_work_ms,
        0 as outbound,
        p.handling * (x.handled = 1 and coalesce(d.is_success, false))::int as successes,
        0 as offers, 0 as missed, 0 as rejected, 0 as qa_reviews, 0 as qa_score_sum,
        0 as available_ms, 0 as on_call_ms, 0 as wrap_up_ms, 0 as break_ms,
        p.handling * x.handled * (c.transfer_count > 0)::int as transfers_in,
        p.handling * x.handled * x.to_number as transfers_out
      from calls c
      ${FIRST}
      cross join lateral (
        select f.agent_id as user_id, 1 as arrival,
               (f.agent_id is not distinct from c.agent_id)::int as handling
        union all
        select c.agent_id, 0, 1 where f.agent_id is distinct from c.agent_id) p
      left join dispositions d on d.code = c.disposition_code
      cross join lateral (
        select (c.direction = 'inbound' and c.answered_at is not null)::int as answered,
               (c.state = 'completed')::int as handled,
               exists (select 1 from call_events e
                       where e.call_id = c.id and e.type = 'transferred'
                         and e.to_state = 'completed')::int as to_number) x
      where p.user_id is not null
        and (p.arrival * x.answered = 1 or p.handling * x.handled = 1)
      union all
      -- Offers, missed and rejected offers go to the agent the event names; an outbound call
      -- to the agent who started dialing it.
      select e.agent_id, ${BUCKET}, 0, 0, 0, 0, 0, 0,
        (e.type = 'dialing')::int, 0,
        (e.type = 'offered')::int, (e.type = 'missed')::int, (e.type = 'rejected')::int,
        0, 0, 0, 0, 0, 0, 0, 0
      from call_events e
      join calls c on c.id = e.call_id
      where e.agent_id is not null
        and (e.type in ('offered', 'missed', 'rejected')
             or (e.type = 'dialing' and e.from_state is null))
      union all
      select c.agent_id, ${BUCKET}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, r.score, 0, 0, 0, 0, 0, 0
      from qa_reviews r
      join calls c on c.id = r.call_id
      where c.agent_id is not null
      union all
      -- Segments transfers closed: handled by their agent, transferred out, and in when the
      -- segment itself began with a transfer.
      select s.agent_id, ${BUCKET}, 0, 0, 1, s.talk_ms, s.hold_ms, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, (s.seq > 1)::int, 1
      from call_segments s
      join calls c on c.id = s.call_id
      where s.agent_id is not null
      union all
      select user_id, bucket_start, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        available_ms, on_call_ms, wrap_up_ms, break_ms, 0, 0
      from (${timeInStateRows(
        sql`(select user_id, status, started_at, ended_at
             from presence_intervals where ended_at is not null)`,
      )}) presence
    ) contributions
    group by user_id, bucket_start`;
}

/** Rows an insert wrote: node-postgres says `rowCount`, PGlite `affectedRows`. */
function rowCount(result: unknown): number {
  const { rowCount: count, affectedRows } = result as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return count ?? affectedRows ?? 0;
}
