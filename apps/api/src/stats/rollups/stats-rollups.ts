import { Injectable } from '@nestjs/common';
import { SQL, sql } from 'drizzle-orm';

import { CallEventRow, CallRow, Database } from '@poscalls4u/server-database';

import { CallRollupChange, callRollupOf } from './call-rollups';
import {
  Additions,
  AgentColumn,
  SHORT_ABANDON_MS_SQL,
  TeamColumn,
  agentUpsert,
  teamUpsert,
  timeInStateRows,
} from './rollup-sql';

/**
 * The write side of the statistics: keeps `team_interval_stats` and `agent_interval_stats` up
 * to date inside the transaction of each call event and presence change (docs/metrics.md). At
 * most one statement per event, with no read: the ingestion path must stay fast.
 */
@Injectable()
export class StatsRollups {
  /**
   * Adds what a call event moves. `before` is the call before it, null when the event created
   * the call; `after` is the call with the event applied.
   */
  async callEvent(
    executor: Database,
    before: CallRow | null,
    after: CallRow,
    event: Pick<CallEventRow, 'type' | 'agentId' | 'details'>,
  ): Promise<void> {
    const change = callRollupOf(before, after, event);
    if (change) await executor.execute(statementOf(change));
  }

  /**
   * Runs `closing` — an `UPDATE presence_intervals ... RETURNING user_id, status, started_at,
   * ended_at` that closes an agent's open interval — and adds the closed interval's time to the
   * agent's buckets, in one statement.
   */
  async closePresenceInterval(executor: Database, closing: SQL): Promise<void> {
    await executor.execute(sql`
      with closed as (${closing})
      insert into agent_interval_stats (user_id, bucket_start, available_ms, on_call_ms,
                                        wrap_up_ms, break_ms)
      ${timeInStateRows(sql`closed`)}
      on conflict (user_id, bucket_start) do update set
        available_ms = agent_interval_stats.available_ms + excluded.available_ms,
        on_call_ms = agent_interval_stats.on_call_ms + excluded.on_call_ms,
        wrap_up_ms = agent_interval_stats.wrap_up_ms + excluded.wrap_up_ms,
        break_ms = agent_interval_stats.break_ms + excluded.break_ms`);
  }
}

/** The upserts of one change: the team row, the agent row, or both in one statement. */
function statementOf({ teamId, bucket, rollup }: CallRollupChange): SQL {
  let team: Additions<TeamColumn> | undefined;
  let agent: { userId: string; values: Additions<AgentColumn> } | undefined;
  switch (rollup.kind) {
    case 'offered':
      team = { offered: 1 };
      break;
    case 'outbound':
      team = { outbound: 1 };
      if (rollup.agentId) agent = { userId: rollup.agentId, values: { outbound: 1 } };
      break;
    case 'answered': {
      const wait = sql`${rollup.waitMs}::bigint`;
      team = {
        answered: 1,
        answered_wait_ms: rollup.waitMs,
        answered_within_threshold: sql`(select case when ${wait} <= t.service_level_threshold_seconds * 1000
                                                    then 1 else 0 end
                                        from teams t where t.id = ${teamId}::uuid)`,
        max_wait_ms: rollup.waitMs,
      };
      if (rollup.agentId) {
        agent = {
          userId: rollup.agentId,
          values: { answered: 1, answered_wait_ms: rollup.waitMs },
        };
      }
      break;
    }
    case 'abandoned':
      team = {
        abandoned: 1,
        short_abandoned: sql`(case when ${rollup.waitMs}::bigint < ${SHORT_ABANDON_MS_SQL}
                                   then 1 else 0 end)`,
        abandoned_wait_ms: rollup.waitMs,
        max_wait_ms: rollup.waitMs,
      };
      break;
    case 'handled': {
      const success = sql`coalesce((select d.is_success::int from dispositions d
                                    where d.code = ${rollup.dispositionCode}), 0)`;
      const values = {
        handled: 1,
        talk_ms: rollup.talkMs,
        hold_ms: rollup.holdMs,
        after_call_work_ms: rollup.afterCallWorkMs,
        successes: success,
      };
      team = values;
      if (rollup.agentId) agent = { userId: rollup.agentId, values };
      break;
    }
    case 'offer':
      agent = { userId: rollup.agentId, values: { offers: 1 } };
      break;
    case 'missed':
      agent = { userId: rollup.agentId, values: { missed: 1 } };
      break;
    case 'rejected':
      agent = { userId: rollup.agentId, values: { rejected: 1 } };
      break;
    case 'qa':
      team = { qa_reviews: 1, qa_score_sum: rollup.score };
      if (rollup.agentId) {
        agent = { userId: rollup.agentId, values: { qa_reviews: 1, qa_score_sum: rollup.score } };
      }
      break;
  }
  const teamSql = team ? teamUpsert(teamId, bucket, team) : undefined;
  const agentSql = agent ? agentUpsert(agent.userId, bucket, agent.values) : undefined;
  if (teamSql && agentSql) {
    // A data-modifying CTE always runs to completion: both rows in one round trip.
    return sql`with team_row as (${teamSql}) ${agentSql}`;
  }
  const only = teamSql ?? agentSql;
  if (!only) throw new Error(`a ${rollup.kind} rollup changes no row`);
  return only;
}
