import { Inject, Injectable } from '@nestjs/common';
import { SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

import {
  DATABASE_CONNECTION,
  Database,
  DatabaseConnection,
  InjectDatabase,
} from '@poscalls4u/server-database';

import { FigureScope, IdFilter } from './figure-scope';
import { KpiSums, toSums } from './kpi-figures';
import { Period } from './stats-period';

/**
 * The SQL of the statistics' read side. Period figures come from the 15-minute rollups only;
 * live figures from the current rows of calls and agent_presence. Statistics are a read model of
 * several features' tables, so this repository reads them directly (read-only) rather than
 * through a dozen service calls per dashboard.
 */

/** Which rows to sum: every row, or those of these ids. */

export interface TeamRecord {
  id: string;
  name: string;
  serviceLevelTargetPercent: number;
  serviceLevelThresholdSeconds: number;
  archived: boolean;
}

export interface SumsRow {
  /** The team or agent id (when grouped by it). */
  key: string | null;
  /** 1-based index of the series interval (when grouped by interval). */
  index: number | null;
  sums: KpiSums;
}

/** A team's traffic in a recent window (`StatsRepository.recentTraffic`). */
export interface RecentTraffic {
  arrivals: number;
  completed: number;
  handleMs: number;
}

export interface OpenInterval {
  userId: string;
  status: 'available' | 'on_call' | 'wrap_up' | 'break';
  startedAt: Date;
}

export interface AgentRecord {
  userId: string;
  name: string;
  teamIds: string[];
  status: 'offline' | 'available' | 'on_call' | 'wrap_up' | 'break';
  reason: string | null;
  since: Date | null;
  currentCall: { id: string; state: string; from: string; to: string; teamId: string } | null;
}

/**
 * The CSV export's columns, in order: the header line, and the names the export query gives its
 * columns, so `COPY ... (HEADER)` writes the same header as csv-stringify.
 */
export const EXPORT_COLUMNS = [
  'id',
  'team',
  'agent',
  'direction',
  'from',
  'to',
  'state',
  'queued_at_local',
  'queued_at',
  'answered_at_local',
  'answered_at',
  'ended_at_local',
  'ended_at',
  'completed_at_local',
  'completed_at',
  'wait_seconds',
  'ring_seconds',
  'talk_seconds',
  'hold_seconds',
  'after_call_work_seconds',
  'disposition',
  'success',
  'qa_average',
] as const;

/**
 * One call of the CSV export, every value already the text of its CSV field (null: empty), plus
 * `arrival`, the keyset cursor of the paged read.
 */
export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number] | 'arrival', string | null>;

/** How many waiting calls of each team the dashboard lists and the long-wait alerts look at. */
const WAITING_CALLS_PER_TEAM = 50;

export interface WaitingSummary {
  teamId: string;
  /** Queued or ringing at an agent. */
  callsWaiting: number;
  /** Queued only: not ringing anywhere yet. */
  callsQueued: number;
  oldestQueuedAt: Date | null;
}

export interface WaitingCallRecord {
  callId: string;
  teamId: string;
  teamName: string;
  from: string;
  state: 'queued' | 'offered';
  priority: number;
  queuedAt: Date;
}

const TEAM_COLUMNS = sql.raw(`
  sum(offered)::bigint as "offered", sum(answered)::bigint as "answered",
  sum(answered_within_threshold)::bigint as "answeredWithinThreshold",
  sum(abandoned)::bigint as "abandoned", sum(short_abandoned)::bigint as "shortAbandoned",
  sum(answered_wait_ms)::bigint as "answeredWaitMs", sum(abandoned_wait_ms)::bigint as "abandonedWaitMs",
  max(max_wait_ms) as "maxWaitMs", sum(handled)::bigint as "handled", sum(talk_ms)::bigint as "talkMs",
  sum(hold_ms)::bigint as "holdMs", sum(after_call_work_ms)::bigint as "afterCallWorkMs",
  sum(outbound)::bigint as "outbound", sum(successes)::bigint as "successes",
  sum(qa_reviews)::bigint as "qaReviews", sum(qa_score_sum)::bigint as "qaScoreSum",
  sum(transfers_in)::bigint as "transfersIn", sum(transfers_out)::bigint as "transfersOut"`);

/** An agent's own figures; queue figures (offered, abandons...) are not an agent's and stay 0. */
const AGENT_COLUMNS = sql.raw(`
  sum(answered)::bigint as "answered", sum(answered_wait_ms)::bigint as "answeredWaitMs",
  sum(handled)::bigint as "handled", sum(talk_ms)::bigint as "talkMs", sum(hold_ms)::bigint as "holdMs",
  sum(after_call_work_ms)::bigint as "afterCallWorkMs", sum(outbound)::bigint as "outbound",
  sum(successes)::bigint as "successes", sum(qa_reviews)::bigint as "qaReviews",
  sum(qa_score_sum)::bigint as "qaScoreSum", sum(transfers_in)::bigint as "transfersIn",
  sum(transfers_out)::bigint as "transfersOut"`);

const STATE_COLUMNS = sql.raw(`
  sum(available_ms)::bigint as "availableMs", sum(on_call_ms)::bigint as "onCallMs",
  sum(wrap_up_ms)::bigint as "wrapUpMs", sum(break_ms)::bigint as "breakMs"`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One 15-minute bucket of a team's rollups, the figures a forecast uses. */
export interface TeamBucketRow {
  start: Date;
  offered: number;
  handled: number;
  handleMs: number;
}

@Injectable()
export class StatsRepository {
  constructor(
    @InjectDatabase() private readonly db: Database,
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
  ) {}

  /**
   * Sums of team rollups over `period`: in total, by team (`byKey`) and/or by interval (`starts`,
   * the sorted interval starts of a series; each bucket goes to the last start at or before it).
   */
  teamSums(
    teams: IdFilter,
    period: Period,
    options: { byKey?: boolean; starts?: Date[] } = {},
  ): Promise<SumsRow[]> {
    return this.sums('team_interval_stats', 'team_id', TEAM_COLUMNS, teams, period, options);
  }

  /** Sums of agent rollups: their own call figures and their time in each state. */
  agentSums(
    agents: IdFilter,
    period: Period,
    options: { byKey?: boolean; starts?: Date[]; callFigures?: boolean } = {},
  ): Promise<SumsRow[]> {
    const columns =
      options.callFigures === false ? STATE_COLUMNS : sql`${AGENT_COLUMNS}, ${STATE_COLUMNS}`;
    return this.sums('agent_interval_stats', 'user_id', columns, agents, period, options);
  }

  /**
   * Each agent's current state when it counts toward time in state (offline is not stored): the
   * open presence interval, which the rollups do not hold until it closes.
   */
  async openIntervals(agents: IdFilter): Promise<OpenInterval[]> {
    if (agents !== 'all' && agents.length === 0) return [];
    // The newest interval of each agent, through the (user_id, started_at) index.
    const users =
      agents === 'all'
        ? sql`select user_id from agent_presence where status <> 'offline'`
        : sql`select unnest(${uuidArray(agents)})`;
    const result = await this.db.execute(sql`
      select u.user_id as "userId", p.status, p.started_at as "startedAt"
      from (${users}) u(user_id)
      cross join lateral (
        select status, started_at, ended_at from presence_intervals i
        where i.user_id = u.user_id order by i.started_at desc limit 1
      ) p
      where p.ended_at is null and p.status <> 'offline'`);
    return rowsOf<{ userId: string; status: OpenInterval['status']; startedAt: string | Date }>(
      result,
    ).map((row) => ({ ...row, startedAt: new Date(row.startedAt) }));
  }

  /** Active teams: all of them, or those `supervisorId` supervises. */
  async activeTeams(supervisorId?: string): Promise<TeamRecord[]> {
    const supervised = supervisorId
      ? sql`and exists (select 1 from team_members m where m.team_id = t.id
             and m.user_id = ${supervisorId} and m.role = 'supervisor')`
      : sql``;
    const result = await this.db.execute(sql`
      select ${TEAM_FIELDS} from teams t where t.archived_at is null ${supervised}
      order by lower(t.name)`);
    return rowsOf<TeamRecord>(result);
  }

  async team(teamId: string): Promise<TeamRecord | undefined> {
    const result = await this.db.execute(
      sql`select ${TEAM_FIELDS} from teams t where t.id = ${teamId}`,
    );
    return rowsOf<TeamRecord>(result)[0];
  }

  /**
   * A team's rollup buckets inside any of `periods` (disjoint days): calls offered, calls handled
   * and their handle time (talk + hold + after-call work). One row per bucket that has figures,
   * read through the (team_id, bucket_start) key.
   *
   * The key is probed with every quarter hour of the periods (the rollups' UTC-aligned buckets,
   * as the rebuild bins them): joined on ranges instead, the planner cannot tell how many periods
   * there are and, on a year of history, read all the team's rows once per period (a forecast
   * from 52 weeks: 1.8 M rows filtered, 700 ms; probed: 5,000 rows, 20 ms).
   */
  async teamBuckets(teamId: string, periods: Period[]): Promise<TeamBucketRow[]> {
    if (periods.length === 0) return [];
    const result = await this.db.execute(sql`
      select (extract(epoch from s.bucket_start) * 1000)::float8 as "startMs",
        s.offered, s.handled, (s.talk_ms + s.hold_ms + s.after_call_work_ms)::float8 as "handleMs"
      from team_interval_stats s
      where s.team_id = ${teamId}
        and s.bucket_start = any(array(
          select b.bucket_start
          from unnest(${timestampArray(periods.map((p) => p.from))},
                      ${timestampArray(periods.map((p) => p.to))}) as d(day_from, day_to)
          cross join lateral generate_series(
            date_bin('15 minutes', d.day_from, timestamptz '2000-01-01 00:00:00+00'),
            d.day_to, interval '15 minutes') as b(bucket_start)
          where b.bucket_start >= d.day_from and b.bucket_start < d.day_to))`);
    return rowsOf<Record<string, unknown>>(result).map((row) => ({
      start: new Date(Number(row['startMs'])),
      offered: Number(row['offered']),
      handled: Number(row['handled']),
      handleMs: Number(row['handleMs']),
    }));
  }

  /** True when the user exists (any role; an admin may look at anyone's figures). */
  async userExists(userId: string): Promise<boolean> {
    const result = await this.db.execute(sql`select 1 from users where id = ${userId}`);
    return rowsOf(result).length > 0;
  }

  /** The agent members of teams, each with the teams (among these) they belong to. */
  async agentMembers(teamIds: string[]): Promise<Map<string, string[]>> {
    const members = new Map<string, string[]>();
    if (teamIds.length === 0) return members;
    const result = await this.db.execute(sql`
      select user_id as "userId", array_agg(team_id::text order by team_id) as "teamIds"
      from team_members where team_id = any(${uuidArray(teamIds)}) and role = 'agent'
      group by user_id`);
    for (const row of rowsOf<{ userId: string; teamIds: string[] | string }>(result)) {
      members.set(row.userId, textArray(row.teamIds));
    }
    return members;
  }

  /** The agents of the grid: name, state, reason, since and the call they hold, if any. */
  async agentRecords(members: Map<string, string[]>): Promise<AgentRecord[]> {
    if (members.size === 0) return [];
    const result = await this.db.execute(sql`
      select u.id as "userId", u.name, p.status, br.label as reason, p.since,
             c.id as "callId", c.state as "callState", c.from_number as "callFrom",
             c.to_number as "callTo", c.team_id as "callTeamId"
      from users u
      left join agent_presence p on p.user_id = u.id
      left join break_reasons br on br.code = p.reason_code
      left join calls c on c.id = p.current_call_id
      where u.id = any(${uuidArray([...members.keys()])})
      order by u.name`);
    return rowsOf<{
      userId: string;
      name: string;
      status: AgentRecord['status'] | null;
      reason: string | null;
      since: string | Date | null;
      callId: string | null;
      callState: string;
      callFrom: string;
      callTo: string;
      callTeamId: string;
    }>(result).map((row) => ({
      userId: row.userId,
      name: row.name,
      teamIds: members.get(row.userId) ?? [],
      status: row.status ?? 'offline',
      reason: row.reason,
      since: row.since ? new Date(row.since) : null,
      currentCall: row.callId
        ? {
            id: row.callId,
            state: row.callState,
            from: row.callFrom,
            to: row.callTo,
            teamId: row.callTeamId,
          }
        : null,
    }));
  }

  /**
   * Calls queued or ringing at an agent in these teams, the longest-waiting first: at most
   * `perTeam` of each team. Bounded so that a backlog of thousands of waiting calls costs the
   * dashboard and the alerts what a handful does (`calls_waiting` serves each team's read);
   * the counts come from `waitingSummaries`.
   */
  async waitingCalls(
    teamIds: string[],
    perTeam = WAITING_CALLS_PER_TEAM,
  ): Promise<WaitingCallRecord[]> {
    if (teamIds.length === 0) return [];
    const result = await this.db.execute(sql`
      select w."callId", w."teamId", t.name as "teamName", w."from", w.state, w.priority, w."queuedAt"
      from unnest(${uuidArray(teamIds)}) as team(id)
      cross join lateral (
        select c.id as "callId", c.team_id as "teamId", c.from_number as "from", c.state,
               c.priority, coalesce(c.queued_at, c.created_at) as "queuedAt"
        from calls c
        where c.team_id = team.id and c.state in ('queued', 'offered')
        order by coalesce(c.queued_at, c.created_at), c.id
        limit ${perTeam}
      ) w
      join teams t on t.id = w."teamId"
      order by w."queuedAt", w."callId"`);
    return rowsOf<WaitingCallRecord & { queuedAt: string | Date }>(result).map((row) => ({
      ...row,
      queuedAt: new Date(row.queuedAt),
    }));
  }

  /** Each team's waiting calls counted (all of them, queued or ringing) and the oldest arrival. */
  async waitingSummaries(teamIds: string[]): Promise<Map<string, WaitingSummary>> {
    const summaries = new Map<string, WaitingSummary>();
    if (teamIds.length === 0) return summaries;
    const result = await this.db.execute(sql`
      select c.team_id as "teamId", count(*)::int as "callsWaiting",
             (count(*) filter (where c.state = 'queued'))::int as "callsQueued",
             min(coalesce(c.queued_at, c.created_at)) as "oldestQueuedAt"
      from calls c
      where c.team_id = any(${uuidArray(teamIds)}) and c.state in ('queued', 'offered')
      group by c.team_id`);
    for (const row of rowsOf<{
      teamId: string;
      callsWaiting: number | string;
      callsQueued: number | string;
      oldestQueuedAt: string | Date | null;
    }>(result)) {
      summaries.set(row.teamId, {
        teamId: row.teamId,
        callsWaiting: Number(row.callsWaiting),
        callsQueued: Number(row.callsQueued),
        oldestQueuedAt: row.oldestQueuedAt === null ? null : new Date(row.oldestQueuedAt),
      });
    }
    return summaries;
  }

  /**
   * Each team's recent traffic since `since`: the inbound calls that arrived (queued, or created
   * when never queued), and the calls
   * completed (wrapped up after an answer) with their handle time (talk + hold + after-call
   * work). Read through the (team_id, created_at) index: a call created over four hours before
   * the window is not looked at (none is that long).
   */
  async recentTraffic(teamIds: string[], since: Date): Promise<Map<string, RecentTraffic>> {
    if (teamIds.length === 0) return new Map();
    const from = since.toISOString();
    const result = await this.db.execute(sql`
      select c.team_id as "teamId",
        count(*) filter (where c.direction = 'inbound'
          and coalesce(c.queued_at, c.created_at) >= ${from}::timestamptz)::int
          as arrivals,
        count(*) filter (where c.completed_at >= ${from}::timestamptz and c.talk_ms is not null)::int
          as completed,
        coalesce(sum(c.talk_ms + c.hold_ms + coalesce(c.after_call_work_ms, 0))
          filter (where c.completed_at >= ${from}::timestamptz and c.talk_ms is not null), 0)::float8
          as "handleMs"
      from calls c
      where c.team_id = any(${uuidArray(teamIds)})
        and c.created_at >= ${from}::timestamptz - interval '4 hours'
      group by c.team_id`);
    return new Map(
      rowsOf<{ teamId: string } & Record<keyof RecentTraffic, number | string>>(result).map(
        (row) => [
          row.teamId,
          {
            arrivals: Number(row.arrivals),
            completed: Number(row.completed),
            handleMs: Number(row.handleMs),
          },
        ],
      ),
    );
  }

  /** How many agent members of each team are in each state now (no presence row: offline). */
  async agentStateCounts(teamIds: string[]): Promise<Map<string, Map<string, number>>> {
    const counts = new Map<string, Map<string, number>>();
    if (teamIds.length === 0) return counts;
    const result = await this.db.execute(sql`
      select m.team_id as "teamId", coalesce(p.status::text, 'offline') as status, count(*)::int as n
      from team_members m left join agent_presence p on p.user_id = m.user_id
      where m.team_id = any(${uuidArray(teamIds)}) and m.role = 'agent'
      group by 1, 2`);
    for (const row of rowsOf<{ teamId: string; status: string; n: number | string }>(result)) {
      let team = counts.get(row.teamId);
      if (!team) counts.set(row.teamId, (team = new Map()));
      team.set(row.status, Number(row.n));
    }
    return counts;
  }

  async teamNames(teamIds: string[]): Promise<Map<string, string>> {
    if (teamIds.length === 0) return new Map();
    const result = await this.db.execute(
      sql`select id, name from teams where id = any(${uuidArray(teamIds)})`,
    );
    return new Map(rowsOf<{ id: string; name: string }>(result).map((row) => [row.id, row.name]));
  }

  async userNames(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const result = await this.db.execute(
      sql`select id, name from users where id = any(${uuidArray(userIds)})`,
    );
    return new Map(rowsOf<{ id: string; name: string }>(result).map((row) => [row.id, row.name]));
  }

  /** The active teams a user is an agent of. */
  async agentTeams(userId: string): Promise<string[]> {
    const result = await this.db.execute(sql`
      select m.team_id as id from team_members m join teams t on t.id = m.team_id
      where m.user_id = ${userId} and t.archived_at is null`);
    return rowsOf<{ id: string }>(result).map((row) => row.id);
  }

  /**
   * Figures by disposition or direction, which the rollups do not keep: computed from the calls
   * that arrived in the period, with the rollups' rules (docs/metrics.md) and today's thresholds.
   */
  async callBreakdown(
    groupBy: 'disposition' | 'direction',
    scope: FigureScope,
    period: Period,
    settings: { shortAbandonSeconds: number },
  ): Promise<{ key: string; label: string; sums: KpiSums }[]> {
    const filter = callScopeFilter(scope);
    if (scope.kind === 'teams' && scope.teams !== 'all' && scope.teams.length === 0) return [];
    const key =
      groupBy === 'direction' ? sql`c.direction::text` : sql`coalesce(c.disposition_code, '')`;
    const label =
      groupBy === 'direction'
        ? sql`c.direction::text`
        : sql`coalesce(max(d.label), 'No disposition')`;
    const shortMs = settings.shortAbandonSeconds * 1000;
    const result = await this.db.execute(sql`
      with scoped as (
        select c.*, t.service_level_threshold_seconds * 1000 as threshold_ms,
          c.direction = 'inbound' and c.answered_at is not null as is_answered,
          c.state = 'abandoned' and c.direction = 'inbound' as is_abandoned,
          c.state = 'completed' and c.answered_at is not null as is_handled
        from calls c join teams t on t.id = c.team_id
        where coalesce(c.queued_at, c.created_at) >= ${period.from.toISOString()}::timestamptz
          and coalesce(c.queued_at, c.created_at) < ${period.to.toISOString()}::timestamptz
          ${filter}
      )
      select ${key} as "key", ${label} as "label",
        count(*) filter (where c.direction = 'inbound') as "offered",
        count(*) filter (where c.is_answered) as "answered",
        count(*) filter (where c.is_answered and c.wait_ms <= c.threshold_ms) as "answeredWithinThreshold",
        count(*) filter (where c.is_abandoned) as "abandoned",
        count(*) filter (where c.is_abandoned and coalesce(c.wait_ms, 0) < ${shortMs}) as "shortAbandoned",
        coalesce(sum(c.wait_ms) filter (where c.is_answered), 0) as "answeredWaitMs",
        coalesce(sum(c.wait_ms) filter (where c.is_abandoned), 0) as "abandonedWaitMs",
        coalesce(max(c.wait_ms) filter (where c.is_answered or c.is_abandoned), 0) as "maxWaitMs",
        count(*) filter (where c.is_handled) as "handled",
        coalesce(sum(c.talk_ms) filter (where c.is_handled), 0) as "talkMs",
        coalesce(sum(c.hold_ms) filter (where c.is_handled), 0) as "holdMs",
        coalesce(sum(c.after_call_work_ms) filter (where c.is_handled), 0) as "afterCallWorkMs",
        count(*) filter (where c.direction = 'outbound') as "outbound",
        count(*) filter (where c.is_handled and d.is_success) as "successes",
        coalesce(sum(q.reviews), 0) as "qaReviews", coalesce(sum(q.score_sum), 0) as "qaScoreSum"
      from scoped c
      left join dispositions d on d.code = c.disposition_code
      left join lateral (
        select count(*) as reviews, sum(score) as score_sum from qa_reviews r where r.call_id = c.id
      ) q on true
      group by 1
      order by 2`);
    return rowsOf<Record<string, unknown>>(result).map((row) => ({
      key: String(row['key']),
      label: String(row['label']),
      sums: toSums(row),
    }));
  }

  /** True when the export can stream from `COPY ... TO STDOUT` (PostgreSQL; PGlite pages). */
  get canCopyExport(): boolean {
    return this.connection.kind === 'postgres';
  }

  /**
   * One page of the CSV export: calls by arrival then id, after the cursor (exclusive). The PGlite
   * path; PostgreSQL streams the same query with `copyExport`.
   */
  async exportPage(
    scope: FigureScope,
    period: Period,
    timeZone: string,
    after: { arrival: string; id: string } | null,
    limit: number,
  ): Promise<ExportRow[]> {
    const cursor = after
      ? sql`and (${ARRIVAL}, c.id) > (${after.arrival}::timestamptz, ${after.id}::uuid)`
      : sql``;
    const result = await this.db.execute(sql`
      ${exportSelect(scope, period, timeZone, sql`, ${ARRIVAL}::text as "arrival"`, cursor)}
      limit ${limit}`);
    return rowsOf<ExportRow>(result);
  }

  /**
   * Streams the whole export as CSV (with its header) into `destination` with
   * `COPY (query) TO STDOUT (FORMAT csv)`: PostgreSQL formats every field and the rows flow
   * through one connection at the pace `destination` takes them (pipeline backpressure pauses
   * the socket), so neither a page per round trip nor a JavaScript object per row. COPY takes no
   * bind parameters: the values are inlined as escaped literals (ids were checked as uuids).
   */
  async copyExport(
    scope: FigureScope,
    period: Period,
    timeZone: string,
    destination: Writable,
  ): Promise<void> {
    const query = sql`copy (${exportSelect(scope, period, timeZone, sql``, sql``)})
      to stdout with (format csv, header)`;
    const text = new PgDialect().sqlToQuery(query.inlineParams()).sql;
    const pool = (this.db as unknown as { $client: Pool }).$client;
    const client = await pool.connect();
    let failed = true;
    try {
      await pipeline(client.query(copyTo(text)), destination);
      failed = false;
    } finally {
      // A client that went away mid-export leaves the connection inside the COPY: discard it.
      client.release(failed);
    }
  }

  private async sums(
    table: string,
    keyColumn: string,
    columns: SQL,
    ids: IdFilter,
    period: Period,
    options: { byKey?: boolean; starts?: Date[] },
  ): Promise<SumsRow[]> {
    if (ids !== 'all' && ids.length === 0) return [];
    const key = options.byKey ? sql.raw(`${keyColumn}::text`) : sql`null::text`;
    const index = options.starts
      ? sql`width_bucket(bucket_start, ${timestampArray(options.starts)})`
      : sql`null::int`;
    const filter = ids === 'all' ? sql`` : sql`and ${sql.raw(keyColumn)} = any(${uuidArray(ids)})`;
    const result = await this.db.execute(sql`
      select ${key} as "key", ${index} as "index", ${columns}
      from ${sql.raw(table)}
      where bucket_start >= ${period.from.toISOString()}::timestamptz
        and bucket_start < ${period.to.toISOString()}::timestamptz ${filter}
      group by 1, 2`);
    return rowsOf<Record<string, unknown>>(result).map((row) => ({
      key: (row['key'] as string | null) ?? null,
      index: row['index'] === null || row['index'] === undefined ? null : Number(row['index']),
      sums: toSums(row),
    }));
  }
}

const TEAM_FIELDS = sql.raw(`t.id, t.name,
  t.service_level_target_percent as "serviceLevelTargetPercent",
  t.service_level_threshold_seconds as "serviceLevelThresholdSeconds",
  t.archived_at is not null as archived`);

/** A call's arrival (docs/metrics.md), the export's order, as indexed by calls_arrival_id. */
const ARRIVAL = sql`coalesce(c.queued_at, c.created_at)`;

/** The `and ...` condition on calls `c` that keeps a scope's calls (none for the whole center). */
function callScopeFilter(scope: FigureScope): SQL {
  if (scope.kind === 'agents') return sql`and c.agent_id = any(${uuidArray(scope.agents)})`;
  return scope.teams === 'all' ? sql`` : sql`and c.team_id = any(${uuidArray(scope.teams)})`;
}

/**
 * The export query, both paths: one row per call that arrived in `period`, in (arrival, id) order,
 * each column named and formatted as its CSV field. Both paths must write the same bytes, so the
 * text is made here: times in the zone and in UTC by to_char, seconds without trailing zeros by
 * trim_scale (12.50 -> 12.5, as the export always wrote them), booleans as true/false, and '' as
 * null (COPY would quote an empty string, csv-stringify does not).
 */
function exportSelect(
  scope: FigureScope,
  period: Period,
  timeZone: string,
  extraColumns: SQL,
  cursor: SQL,
): SQL {
  const filter = callScopeFilter(scope);
  const local = (column: string) =>
    sql`to_char(${sql.raw(`c.${column}`)} at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI:SS')`;
  const iso = (column: string) =>
    sql.raw(`to_char(c.${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const secs = (column: string) => sql.raw(`trim_scale(round(c.${column} / 1000.0, 2))::text`);
  return sql`
    select c.id::text as "id", ${cell(sql`t.name`)} as "team", ${cell(sql`u.name`)} as "agent",
      c.direction::text as "direction", ${cell(sql`c.from_number`)} as "from",
      ${cell(sql`c.to_number`)} as "to", c.state::text as "state",
      ${local('queued_at')} as "queued_at_local", ${iso('queued_at')} as "queued_at",
      ${local('answered_at')} as "answered_at_local", ${iso('answered_at')} as "answered_at",
      ${local('ended_at')} as "ended_at_local", ${iso('ended_at')} as "ended_at",
      ${local('completed_at')} as "completed_at_local", ${iso('completed_at')} as "completed_at",
      ${secs('wait_ms')} as "wait_seconds", ${secs('ring_ms')} as "ring_seconds",
      ${secs('talk_ms')} as "talk_seconds", ${secs('hold_ms')} as "hold_seconds",
      ${secs('after_call_work_ms')} as "after_call_work_seconds",
      ${cell(sql`c.disposition_code`)} as "disposition", d.is_success::text as "success",
      (select trim_scale(round(avg(r.score), 2))::text from qa_reviews r where r.call_id = c.id)
        as "qa_average"
      ${extraColumns}
    from calls c
    join teams t on t.id = c.team_id
    left join users u on u.id = c.agent_id
    left join dispositions d on d.code = c.disposition_code
    where ${ARRIVAL} >= ${period.from.toISOString()}::timestamptz
      and ${ARRIVAL} < ${period.to.toISOString()}::timestamptz ${cursor} ${filter}
    order by ${ARRIVAL}, c.id`;
}

/**
 * A text field of the export, safe to open in a spreadsheet (OWASP CSV injection): a value that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so Excel,
 * LibreOffice and Sheets show it as text instead of running it as a formula. A phone number
 * (`+15550100`, `+1 (555) 010-0100`: digits, spaces, dots, dashes and brackets, no letters, so no
 * function can hide in it) is left as it is. '' becomes null, as elsewhere in the export.
 */
function cell(value: SQL): SQL {
  return sql`case
    when left(${value}, 1) in ('=', '+', '-', '@', chr(9), chr(13))
      and ${value} !~ '^[+]?[0-9][0-9 ().-]*$'
    then '''' || ${value}
    else nullif(${value}, '') end`;
}

function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** A uuid[] parameter (ids come from the database or validated input; anything else is refused). */
export function uuidArray(ids: string[]): SQL {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** A timestamptz[] parameter, as text: the drivers do not agree on Date parameters. */
function timestampArray(instants: Date[]): SQL {
  return sql`${`{${instants.map((instant) => instant.toISOString()).join(',')}}`}::timestamptz[]`;
}

/** node-postgres parses text[] into an array; PGlite may hand back the literal. */
function textArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}
