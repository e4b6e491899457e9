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
 * most one statement per event (per batch for PBX batches), with no read: the ingestion path
 * must stay fast.
 */
@Injectable()
export class StatsRollups {
  /**
   * Adds what a call event moves. `before` is the call before it, null when the event created
   * the call; `after` is the call with the event applied. With `totals`, the change is only
   * added there and written by `write` (a PBX batch sums its events and writes each row once,
   * just before commit, so that the busy team row is locked for moments, not for the batch);
   * without, it is written at once.
   */
  async callEvent(
    executor: Database,
    before: CallRow | null,
    after: CallRow,
    event: Pick<CallEventRow, 'type' | 'agentId' | 'details'>,
    totals?: RollupTotals,
  ): Promise<void> {
    const change = callRollupOf(before, after, event);
    if (!change) return;
    if (totals) {
      totals.add(change);
      return;
    }
    const single = new RollupTotals();
    single.add(change);
    await this.write(executor, single);
  }

  /**
   * Writes the summed changes, every row they touch, in one statement — together with
   * `alongside`, the caller's other last writes before it commits: the rollup rows are shared by
   * every event of a team, so each round trip between their upsert and the commit is a wait for
   * every other writer.
   */
  async write(executor: Database, totals: RollupTotals, alongside: SQL[] = []): Promise<void> {
    const upserts = [...alongside, ...totals.upserts()];
    if (upserts.length === 0) return;
    const last = upserts.pop() as SQL;
    if (upserts.length === 0) {
      await executor.execute(last);
      return;
    }
    // Data-modifying CTEs always run to completion: all the writes in one round trip.
    const ctes = upserts.map((upsert, index) => sql`${sql.raw(`w${index}`)} as (${upsert})`);
    await executor.execute(sql`with ${sql.join(ctes, sql`, `)} ${last}`);
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

/**
 * What one rollup row gets: plain sums, the greatest wait, and the values whose count depends
 * on a setting read in SQL at write time (the team's service-level threshold, the short-abandon
 * seconds, whether a disposition is a success).
 */
class RowTotals<Column extends string> {
  readonly sums: Partial<Record<Column, number>> = {};
  maxWaitMs?: number;
  readonly answeredWaits: number[] = [];
  readonly abandonedWaits: number[] = [];
  readonly dispositions: (string | null)[] = [];

  constructor(
    readonly id: string,
    readonly bucket: Date,
  ) {}

  add(values: Partial<Record<Column, number>>): void {
    for (const [column, value] of Object.entries(values) as [Column, number][]) {
      this.sums[column] = (this.sums[column] ?? 0) + value;
    }
  }
}

/**
 * The rollup changes of call events, summed per team and agent row (`callRollupOf` says what
 * each event adds). Sums and maxima do not depend on the order of the events, so a batch may
 * write them together.
 */
export class RollupTotals {
  private readonly teams = new Map<string, RowTotals<TeamColumn>>();
  private readonly agents = new Map<string, RowTotals<AgentColumn>>();

  add({ teamId, bucket, rollup }: CallRollupChange): void {
    switch (rollup.kind) {
      case 'offered':
        this.team(teamId, bucket).add({ offered: 1 });
        break;
      case 'outbound':
        this.team(teamId, bucket).add({ outbound: 1 });
        if (rollup.agentId) this.agent(rollup.agentId, bucket).add({ outbound: 1 });
        break;
      case 'answered': {
        const team = this.team(teamId, bucket);
        team.add({ answered: 1, answered_wait_ms: rollup.waitMs });
        team.answeredWaits.push(rollup.waitMs);
        team.maxWaitMs = Math.max(team.maxWaitMs ?? 0, rollup.waitMs);
        if (rollup.agentId) {
          this.agent(rollup.agentId, bucket).add({ answered: 1, answered_wait_ms: rollup.waitMs });
        }
        break;
      }
      case 'abandoned': {
        const team = this.team(teamId, bucket);
        team.add({ abandoned: 1, abandoned_wait_ms: rollup.waitMs });
        team.abandonedWaits.push(rollup.waitMs);
        team.maxWaitMs = Math.max(team.maxWaitMs ?? 0, rollup.waitMs);
        break;
      }
      case 'handled': {
        const values = {
          handled: 1,
          talk_ms: rollup.talkMs,
          hold_ms: rollup.holdMs,
          after_call_work_ms: rollup.afterCallWorkMs,
        };
        const out = rollup.transferredOut ? 1 : 0;
        const team = this.team(teamId, bucket);
        team.add({ ...values, transfers_out: out });
        team.dispositions.push(rollup.dispositionCode);
        if (rollup.agentId) {
          const agent = this.agent(rollup.agentId, bucket);
          agent.add({ ...values, transfers_out: out, transfers_in: rollup.transferredIn ? 1 : 0 });
          agent.dispositions.push(rollup.dispositionCode);
        }
        if (rollup.toTeamId) this.team(rollup.toTeamId, bucket).add({ transfers_in: 1 });
        break;
      }
      case 'offer':
        this.agent(rollup.agentId, bucket).add({ offers: 1 });
        break;
      case 'missed':
        this.agent(rollup.agentId, bucket).add({ missed: 1 });
        break;
      case 'rejected':
        this.agent(rollup.agentId, bucket).add({ rejected: 1 });
        break;
      case 'qa':
        this.team(teamId, bucket).add({ qa_reviews: 1, qa_score_sum: rollup.score });
        if (rollup.agentId) {
          this.agent(rollup.agentId, bucket).add({ qa_reviews: 1, qa_score_sum: rollup.score });
        }
        break;
    }
  }

  /** One upsert per row, ordered by row, so that concurrent writers lock rows in one order. */
  upserts(): SQL[] {
    const byKey = <Row>(rows: Map<string, Row>) =>
      [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    return [
      ...byKey(this.teams).map((row) => teamUpsert(row.id, row.bucket, teamAdditions(row))),
      ...byKey(this.agents).map((row) => agentUpsert(row.id, row.bucket, agentAdditions(row))),
    ];
  }

  private team(teamId: string, bucket: Date): RowTotals<TeamColumn> {
    return rowOf(this.teams, teamId, bucket);
  }

  private agent(userId: string, bucket: Date): RowTotals<AgentColumn> {
    return rowOf(this.agents, userId, bucket);
  }
}

function rowOf<Column extends string>(
  rows: Map<string, RowTotals<Column>>,
  id: string,
  bucket: Date,
): RowTotals<Column> {
  const key = `${id}|${bucket.toISOString()}`;
  let row = rows.get(key);
  if (!row) {
    row = new RowTotals<Column>(id, bucket);
    rows.set(key, row);
  }
  return row;
}

function teamAdditions(row: RowTotals<TeamColumn>): Additions<TeamColumn> {
  const values: Additions<TeamColumn> = { ...row.sums };
  if (row.maxWaitMs !== undefined) values.max_wait_ms = row.maxWaitMs;
  if (row.answeredWaits.length > 0) {
    values.answered_within_threshold = sql`(select count(*) from (values ${bigints(row.answeredWaits)}) w(ms)
      join teams t on t.id = ${row.id}::uuid
      where w.ms <= t.service_level_threshold_seconds * 1000)`;
  }
  if (row.abandonedWaits.length > 0) {
    values.short_abandoned = sql`(select count(*) from (values ${bigints(row.abandonedWaits)}) w(ms)
      where w.ms < ${SHORT_ABANDON_MS_SQL})`;
  }
  if (row.dispositions.length > 0) values.successes = successes(row.dispositions);
  return values;
}

function agentAdditions(row: RowTotals<AgentColumn>): Additions<AgentColumn> {
  const values: Additions<AgentColumn> = { ...row.sums };
  if (row.dispositions.length > 0) values.successes = successes(row.dispositions);
  return values;
}

/** How many of the handled calls' dispositions count as a success (none for no disposition). */
function successes(codes: (string | null)[]): SQL {
  const rows = sql.join(
    codes.map((code) => sql`(${code}::text)`),
    sql`, `,
  );
  return sql`(select count(*) from (values ${rows}) h(code)
    join dispositions d on d.code = h.code where d.is_success)`;
}

function bigints(values: number[]): SQL {
  return sql.join(
    values.map((value) => sql`(${value}::bigint)`),
    sql`, `,
  );
}
