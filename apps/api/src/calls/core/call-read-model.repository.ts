import { Injectable } from '@nestjs/common';
import {
  SQL,
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gte,
  ilike,
  inArray,
  lte,
  ne,
  or,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';

import {
  CallDirection,
  CallState,
  ConferencePartyState,
  DEFAULT_TRANSFERRED_CALLS,
  QueuePosition,
} from '@poscalls4u/contracts';
import {
  CallEventRow,
  CallRow,
  CallSegmentRow,
  Database,
  DispositionRow,
  InjectDatabase,
  callEvents,
  callSegments,
  calls,
  dispositions,
  teamRouting,
  teams,
  users,
} from '@poscalls4u/server-database';

import { callFromJson, json, rowsOf, sqlList } from './call-rows';

/** A call with the names its view shows. */
export interface CallRecord extends CallRow {
  teamName: string;
  agentName: string | null;
  agentEmail: string | null;
  disposition: DispositionRow | null;
}

export interface CallSegmentRecord extends CallSegmentRow {
  agentName: string | null;
  teamName: string;
}

export interface CallEventRecord extends CallEventRow {
  agentName: string | null;
}

/** Who may see which calls: everything, or some teams' calls plus the caller's own. */
export type CallScope = { all: true } | { all: false; userId: string; teamIds: string[] };

export interface CallFilter {
  scope: CallScope;
  from?: Date;
  to?: Date;
  teamId?: string;
  agentId?: string;
  states?: CallState[];
  direction?: CallDirection;
  disposition?: string;
  text?: string;
  /** Keyset: only the calls after this one in the list's order (newest first). */
  after?: CallListPosition;
  limit: number;
  offset: number;
}

/** Where a call stands in the list's order: its creation time to the microsecond, and its id. */
export interface CallListPosition {
  createdAt: string;
  id: string;
}

interface QueueStatisticsRow {
  waiting: number;
  oldest: string | Date | null;
  states: Record<string, number> | string | null;
}

/** The states in which a call rings at, or is worked by, its agent. */
const HELD_STATES: CallState[] = ['offered', 'dialing', 'connected', 'on_hold', 'wrap_up'];

const agent = alias(users, 'agent');
const eventAgent = alias(users, 'event_agent');

/**
 * The calls as people and pushes read them: the list and its visibility rules, a call's
 * timeline, the views and names of realtime and webhook pushes, a team's live queue figures.
 * Reads `calls`, `call_events` and `dispositions`; for display only it also joins tables other
 * areas own (`teams` for team names, `users` for agent names and emails, `team_members` and
 * `agent_presence` for the queue figures): read-only, never written from here.
 */
@Injectable()
export class CallReadModelRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /** The calls with their names, in the order of `ids`. */
  async records(ids: string[]): Promise<CallRecord[]> {
    if (ids.length === 0) return [];
    const result = await this.db.execute(sql`
      select row_to_json(c) as row, t.name as team_name, u.name as agent_name,
             u.email as agent_email, row_to_json(d) as disposition
      from calls c
      join teams t on t.id = c.team_id
      left join users u on u.id = c.agent_id
      left join dispositions d on d.code = c.disposition_code
      where c.id in (${sqlList(ids)})`);
    const byId = new Map(
      rowsOf<RawRecord>(result).map((raw) => {
        const record = recordFromRaw(raw);
        return [record.id, record];
      }),
    );
    return ids.map((id) => byId.get(id)).filter((row): row is CallRecord => row !== undefined);
  }

  /**
   * One window of the list, newest first, each row with its position (for a cursor), and how
   * many calls match the filter on all pages. With `after`, the window starts after that call.
   */
  async list(
    filter: CallFilter,
  ): Promise<{ rows: (CallRecord & { position: CallListPosition })[]; total: number }> {
    const where = and(...this.conditions(filter));
    const rows = await this.db
      .select({
        call: calls,
        teamName: teams.name,
        agentName: agent.name,
        agentEmail: agent.email,
        disposition: dispositions,
        // The database keeps microseconds, JavaScript dates milliseconds: the cursor keeps them all.
        exactCreatedAt: sql<string>`to_char(${calls.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(calls)
      .innerJoin(teams, eq(teams.id, calls.teamId))
      .leftJoin(agent, eq(agent.id, calls.agentId))
      .leftJoin(dispositions, eq(dispositions.code, calls.dispositionCode))
      .where(
        and(
          where,
          filter.after
            ? sql`(${calls.createdAt}, ${calls.id}) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(calls.createdAt), desc(calls.id))
      .limit(filter.limit)
      .offset(filter.after ? 0 : filter.offset);
    const [total] = await this.db.select({ total: count() }).from(calls).where(where);
    return {
      rows: rows.map((row) => ({
        ...toRecord(row),
        position: { createdAt: row.exactCreatedAt, id: row.call.id },
      })),
      total: total?.total ?? 0,
    };
  }

  /** True when the scope lets its user see the call. */
  async visible(id: string, scope: CallScope): Promise<boolean> {
    const [row] = await this.db
      .select({ id: calls.id })
      .from(calls)
      .where(and(eq(calls.id, id), this.scopeCondition(scope)))
      .limit(1);
    return row !== undefined;
  }

  /**
   * The call ringing at or worked by an agent, or whose open conference they are on, newest
   * first (there is at most one: either reserves their presence).
   */
  async currentOf(agentId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ id: calls.id })
      .from(calls)
      .where(
        and(
          inArray(calls.state, HELD_STATES),
          or(
            eq(calls.agentId, agentId),
            and(
              inArray(calls.state, ['connected', 'on_hold']),
              sql`(${calls.conference} ->> 'endedAt') is null`,
              or(onConference(agentId, 'joining'), onConference(agentId, 'joined')),
            ),
          ),
        ),
      )
      .orderBy(desc(calls.updatedAt))
      .limit(1);
    return row?.id;
  }

  /**
   * The caller's history: a team's last `limit` calls from one number, newest first, leaving
   * one call out (the one ringing), and how many there are in all. One query on
   * `calls_team_from_created`: the count is a window over the same rows, taken before the limit.
   */
  async callerHistory(
    teamId: string,
    fromNumber: string,
    exceptCallId: string,
    limit: number,
  ): Promise<{ rows: CallRecord[]; total: number }> {
    const rows = await this.db
      .select({
        call: calls,
        teamName: teams.name,
        agentName: agent.name,
        agentEmail: agent.email,
        disposition: dispositions,
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(calls)
      .innerJoin(teams, eq(teams.id, calls.teamId))
      .leftJoin(agent, eq(agent.id, calls.agentId))
      .leftJoin(dispositions, eq(dispositions.code, calls.dispositionCode))
      .where(
        and(eq(calls.teamId, teamId), eq(calls.fromNumber, fromNumber), ne(calls.id, exceptCallId)),
      )
      .orderBy(desc(calls.createdAt), desc(calls.id))
      .limit(limit);
    return { rows: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }

  /** The team's CRM URL template (`teams.crm_url_template`, read for display); null: none. */
  async crmUrlTemplate(teamId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ template: teams.crmUrlTemplate })
      .from(teams)
      .where(eq(teams.id, teamId));
    return row?.template ?? null;
  }

  /** A call's timeline, oldest first. */
  async events(callId: string): Promise<CallEventRecord[]> {
    const rows = await this.db
      .select({ event: callEvents, agentName: eventAgent.name })
      .from(callEvents)
      .leftJoin(eventAgent, eq(eventAgent.id, callEvents.agentId))
      .where(eq(callEvents.callId, callId))
      .orderBy(asc(callEvents.seq));
    return rows.map((row) => ({ ...row.event, agentName: row.agentName }));
  }

  /** The segments transfers closed, in order, with their agents' names. */
  async segments(callId: string): Promise<CallSegmentRecord[]> {
    const rows = await this.db
      .select({ segment: callSegments, agentName: eventAgent.name, teamName: teams.name })
      .from(callSegments)
      .innerJoin(teams, eq(teams.id, callSegments.teamId))
      .leftJoin(eventAgent, eq(eventAgent.id, callSegments.agentId))
      .where(eq(callSegments.callId, callId))
      .orderBy(asc(callSegments.seq));
    return rows.map((row) => ({
      ...row.segment,
      agentName: row.agentName,
      teamName: row.teamName,
    }));
  }

  /** Team names by id. */
  async teamNames(teamIds: string[]): Promise<Map<string, string>> {
    if (teamIds.length === 0) return new Map();
    const rows = await this.db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(inArray(teams.id, teamIds));
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Names of users, for events about agents a call no longer has. */
  async names(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, userIds));
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** An agent as the PBX's webhook names them (read in the transaction that writes the webhook). */
  async agentContact(
    executor: Database,
    userId: string,
  ): Promise<{ id: string; email: string; name: string } | undefined> {
    const [row] = await executor
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    return row;
  }

  /**
   * Where calls transferred to the team take their place in its queue (`team_routing`, this
   * area's table): `keep` unless the team chose `back`.
   */
  async transferredCalls(executor: Database, teamId: string): Promise<QueuePosition> {
    const [row] = await executor
      .select({ transferredCalls: teamRouting.transferredCalls })
      .from(teamRouting)
      .where(eq(teamRouting.teamId, teamId))
      .limit(1);
    return row?.transferredCalls === 'back' ? 'back' : DEFAULT_TRANSFERRED_CALLS;
  }

  /**
   * A team's live queue: calls waiting (queued or ringing), the oldest one's queue time, and its
   * agent members by state. Reads `team_members` and `agent_presence` directly, like the ACD:
   * one cheap query per push instead of a round of service calls.
   */
  async queueStatistics(teamId: string): Promise<{
    waiting: number;
    oldestQueuedAt: Date | null;
    agents: Record<string, number>;
  }> {
    const result = await this.db.execute(sql`
      select
        (select count(*)::int from calls c
          where c.team_id = ${teamId} and c.state in ('queued', 'offered')) as waiting,
        (select min(c.queued_at) from calls c
          where c.team_id = ${teamId} and c.state in ('queued', 'offered')) as oldest,
        (select json_object_agg(s.status, s.n) from (
          select coalesce(p.status::text, 'offline') as status, count(*)::int as n
          from team_members m
          left join agent_presence p on p.user_id = m.user_id
          where m.team_id = ${teamId} and m.role = 'agent'
          group by 1) s) as states`);
    const [row] = rowsOf<QueueStatisticsRow>(result);
    return {
      waiting: row?.waiting ?? 0,
      oldestQueuedAt: row?.oldest ? new Date(row.oldest) : null,
      // PGlite hands json back as text, node-postgres parses it.
      agents: typeof row?.states === 'string' ? JSON.parse(row.states) : (row?.states ?? {}),
    };
  }

  private conditions(filter: CallFilter): (SQL | undefined)[] {
    return [
      this.scopeCondition(filter.scope),
      filter.from ? gte(calls.createdAt, filter.from) : undefined,
      filter.to ? lte(calls.createdAt, filter.to) : undefined,
      filter.teamId ? eq(calls.teamId, filter.teamId) : undefined,
      // The agent's calls: those they have now or handled last, and those they handed on.
      filter.agentId
        ? or(
            eq(calls.agentId, filter.agentId),
            exists(
              this.db
                .select({ one: sql`1` })
                .from(callSegments)
                .where(
                  and(eq(callSegments.callId, calls.id), eq(callSegments.agentId, filter.agentId)),
                ),
            ),
          )
        : undefined,
      filter.states?.length ? inArray(calls.state, filter.states) : undefined,
      filter.direction ? eq(calls.direction, filter.direction) : undefined,
      filter.disposition ? eq(calls.dispositionCode, filter.disposition) : undefined,
      filter.text ? ilike(calls.notes, `%${escapeLike(filter.text)}%`) : undefined,
    ];
  }

  /** A user sees the calls of their scope's teams, and every call they handled or that rang at them. */
  private scopeCondition(scope: CallScope): SQL | undefined {
    if (scope.all) return undefined;
    const own = or(
      eq(calls.agentId, scope.userId),
      // A party of its conference (a consulted colleague merged in).
      onConference(scope.userId),
      exists(
        this.db
          .select({ one: sql`1` })
          .from(callEvents)
          .where(and(eq(callEvents.callId, calls.id), eq(callEvents.agentId, scope.userId))),
      ),
    );
    return scope.teamIds.length > 0 ? or(inArray(calls.teamId, scope.teamIds), own) : own;
  }
}

/** The call's conference has (or had) the user as a party, in `state` when given. */
function onConference(userId: string, state?: ConferencePartyState): SQL {
  const party = { user: { id: userId }, ...(state ? { state } : {}) };
  // jsonb containment: some element of `parties` contains this one.
  return sql`${calls.conference} @> ${JSON.stringify({ parties: [party] })}::jsonb`;
}

function toRecord(row: {
  call: CallRow;
  teamName: string;
  agentName: string | null;
  agentEmail: string | null;
  disposition: DispositionRow | null;
}): CallRecord {
  return {
    ...row.call,
    teamName: row.teamName,
    agentName: row.agentName,
    agentEmail: row.agentEmail,
    disposition: row.disposition,
  };
}

/** `%` and `_` in a search are literal characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

interface RawRecord {
  row: unknown;
  team_name: string;
  agent_name: string | null;
  agent_email: string | null;
  disposition: unknown;
}

function recordFromRaw(raw: RawRecord): CallRecord {
  const disposition = raw.disposition
    ? json<{
        code: string;
        label: string;
        is_success: boolean;
        is_active: boolean;
        sort_order: number;
        created_at: string;
      }>(raw.disposition)
    : null;
  return {
    ...callFromJson(raw.row),
    teamName: raw.team_name,
    agentName: raw.agent_name,
    agentEmail: raw.agent_email,
    disposition: disposition
      ? {
          code: disposition.code,
          label: disposition.label,
          isSuccess: disposition.is_success,
          isActive: disposition.is_active,
          sortOrder: disposition.sort_order,
          createdAt: new Date(disposition.created_at),
        }
      : null,
  };
}
