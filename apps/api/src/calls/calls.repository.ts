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
  or,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { randomUUID } from 'node:crypto';

import { CallDirection, CallState } from '@poscalls4u/contracts';
import {
  CallEventRow,
  CallRow,
  Database,
  DispositionRow,
  InjectDatabase,
  QaReviewRow,
  callEvents,
  calls,
  dispositions,
  integrationEvents,
  integrations,
  qaReviews,
  teams,
  users,
} from '@poscalls4u/server-database';

/** A call with the names its view shows. */
export interface CallRecord extends CallRow {
  teamName: string;
  agentName: string | null;
  agentEmail: string | null;
  disposition: DispositionRow | null;
}

export interface CallEventRecord extends CallEventRow {
  agentName: string | null;
}

export interface QaReviewRecord extends QaReviewRow {
  reviewerName: string | null;
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
  limit: number;
  offset: number;
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

/** The SQL of `calls`, `call_events`, `qa_reviews` and the ingestion ledger `integration_events`. */
@Injectable()
export class CallsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  // The methods on the path of every call event (lock, insert, update, record, the ingestion
  // ledger) are plain SQL rather than the query builder: ingestion must keep up with a busy PBX,
  // and building typed queries over the 27 columns of `calls` cost more CPU than PostgreSQL did.

  /** Locks a call for the rest of the transaction (every move of a call starts here). */
  async lock(executor: Database, id: string): Promise<CallRow | undefined> {
    return firstCall(
      await executor.execute(
        sql`select row_to_json(c) as row from calls c where c.id = ${id} for update`,
      ),
    );
  }

  /**
   * Locks the call a PBX knows as `externalId`. A PBX may also report an outbound call we asked
   * it to dial under our own id, before we know its id: `ourId` finds that one.
   */
  async lockByExternalId(
    executor: Database,
    integrationId: string,
    externalId: string,
    ourId?: string,
  ): Promise<CallRow | undefined> {
    const match = ourId
      ? sql`(c.external_id = ${externalId} or (c.external_id is null and c.id = ${ourId}))`
      : sql`c.external_id = ${externalId}`;
    return firstCall(
      await executor.execute(
        sql`select row_to_json(c) as row from calls c
            where c.integration_id = ${integrationId} and ${match} limit 1 for update`,
      ),
    );
  }

  async insert(executor: Database, values: typeof calls.$inferInsert): Promise<CallRow> {
    const row = newCallRow(values);
    await executor.execute(sql`
      insert into calls (id, team_id, direction, state, from_number, to_number, integration_id,
                         external_id, priority, agent_id, queued_at, created_at, updated_at)
      values (${row.id}, ${row.teamId}, ${row.direction}, ${row.state}, ${row.fromNumber},
              ${row.toNumber}, ${row.integrationId}, ${row.externalId}, ${row.priority},
              ${row.agentId}, ${timestamp(row.queuedAt)}, ${timestamp(row.createdAt)},
              ${timestamp(row.updatedAt)})`);
    return row;
  }

  async update(executor: Database, id: string, changes: Partial<CallRow>): Promise<void> {
    await executor.execute(sql`update calls set ${assignmentsOf(changes)} where id = ${id}`);
  }

  /** Updates a call and records the event that moved it, in one round trip. */
  async updateAndRecord(
    executor: Database,
    id: string,
    changes: Partial<CallRow>,
    event: Omit<CallEventRow, 'id' | 'seq'>,
  ): Promise<CallEventRow> {
    const row: CallEventRow = { ...event, id: randomUUID(), seq: 0 };
    await executor.execute(sql`
      with moved as (
        update calls set ${assignmentsOf(changes)} where id = ${id} returning id)
      insert into call_events (id, call_id, type, from_state, to_state, agent_id, actor_id,
                               source, occurred_at, details)
      select ${row.id}, moved.id, ${row.type}, ${row.fromState}::call_state,
             ${row.toState}::call_state, ${row.agentId}::uuid, ${row.actorId}::uuid, ${row.source},
             ${timestamp(row.occurredAt)}::timestamptz,
             ${row.details === null ? null : JSON.stringify(row.details)}::jsonb
      from moved`);
    return row;
  }

  async insertEvent(
    executor: Database,
    event: Omit<CallEventRow, 'id' | 'seq'>,
  ): Promise<CallEventRow> {
    const row: CallEventRow = { ...event, id: randomUUID(), seq: 0 };
    await executor.execute(sql`
      insert into call_events (id, call_id, type, from_state, to_state, agent_id, actor_id,
                               source, occurred_at, details)
      values (${row.id}, ${row.callId}, ${row.type}, ${row.fromState}, ${row.toState},
              ${row.agentId}, ${row.actorId}, ${row.source}, ${timestamp(row.occurredAt)},
              ${row.details === null ? null : JSON.stringify(row.details)}::jsonb)`);
    return row;
  }

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
      where c.id in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`);
    const byId = new Map(
      rowsOf<RawRecord>(result).map((raw) => {
        const record = recordFromRaw(raw);
        return [record.id, record];
      }),
    );
    return ids.map((id) => byId.get(id)).filter((row): row is CallRecord => row !== undefined);
  }

  async list(filter: CallFilter): Promise<{ rows: CallRecord[]; total: number }> {
    const where = and(...this.conditions(filter));
    const rows = await this.recordQuery()
      .where(where)
      .orderBy(desc(calls.createdAt), desc(calls.id))
      .limit(filter.limit)
      .offset(filter.offset);
    const [total] = await this.db.select({ total: count() }).from(calls).where(where);
    return { rows: rows.map(toRecord), total: total?.total ?? 0 };
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

  /** The call ringing at or worked by an agent, newest first (there is at most one). */
  async currentOf(agentId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ id: calls.id })
      .from(calls)
      .where(and(eq(calls.agentId, agentId), inArray(calls.state, HELD_STATES)))
      .orderBy(desc(calls.updatedAt))
      .limit(1);
    return row?.id;
  }

  async events(callId: string): Promise<CallEventRecord[]> {
    const rows = await this.db
      .select({ event: callEvents, agentName: eventAgent.name })
      .from(callEvents)
      .leftJoin(eventAgent, eq(eventAgent.id, callEvents.agentId))
      .where(eq(callEvents.callId, callId))
      .orderBy(asc(callEvents.seq));
    return rows.map((row) => ({ ...row.event, agentName: row.agentName }));
  }

  async insertReview(executor: Database, review: typeof qaReviews.$inferInsert): Promise<string> {
    const [row] = await executor.insert(qaReviews).values(review).returning({ id: qaReviews.id });
    if (!row) throw new Error('insert into qa_reviews returned nothing');
    return row.id;
  }

  async reviews(callId: string): Promise<QaReviewRecord[]> {
    const rows = await this.db
      .select({ review: qaReviews, reviewerName: users.name })
      .from(qaReviews)
      .leftJoin(users, eq(users.id, qaReviews.reviewerId))
      .where(eq(qaReviews.callId, callId))
      .orderBy(asc(qaReviews.createdAt));
    return rows.map((row) => ({ ...row.review, reviewerName: row.reviewerName }));
  }

  /**
   * Records a PBX batch's event ids and locks the calls the batch may concern, in one round
   * trip. `claimed` holds the ids the integration did not have (the others are duplicates: nothing
   * may change for them). A ledger row starts as `applied` without a call; `settleEvents` writes
   * each one's outcome before the transaction commits. The calls are those the integration knows
   * by one of `externalIds`, or by one of `ourIds` while it has not told us its own id yet (an
   * outbound call we asked it to dial); they are locked in id order, so that two batches lock the
   * calls they share in the same order.
   */
  async claimEventsAndLock(
    executor: Database,
    integrationId: string,
    eventIds: string[],
    externalIds: string[],
    ourIds: string[],
  ): Promise<{ claimed: Set<string>; calls: CallRow[] }> {
    const ledgerRows = sql.join(
      eventIds.map((eventId) => sql`(${integrationId}::uuid, ${eventId}, 'applied')`),
      sql`, `,
    );
    const byOurId =
      ourIds.length > 0 ? sql` or (c.external_id is null and c.id in (${list(ourIds)}))` : sql``;
    const result = await executor.execute(sql`
      with claimed as (
        insert into integration_events (integration_id, event_id, outcome)
        values ${ledgerRows}
        on conflict do nothing
        returning event_id)
      select (select coalesce(json_agg(event_id), '[]'::json) from claimed) as claimed,
             (select coalesce(json_agg(locked.row), '[]'::json) from (
                select row_to_json(c) as row from calls c
                where c.integration_id = ${integrationId}
                  and (c.external_id in (${list(externalIds)})${byOurId})
                order by c.id
                for update of c) locked) as calls`);
    const [first] = rowsOf<{ claimed: unknown; calls: unknown }>(result);
    return {
      claimed: new Set(json<string[]>(first?.claimed ?? '[]')),
      calls: json<unknown[]>(first?.calls ?? '[]').map(callFromJson),
    };
  }

  /**
   * The statement writing the outcome and call of each event a batch claimed (run by the caller,
   * together with its last other writes).
   */
  settlement(
    integrationId: string,
    settled: { eventId: string; outcome: string; callId: string | null }[],
  ): SQL[] {
    if (settled.length === 0) return [];
    const rows = sql.join(
      settled.map(
        ({ eventId, outcome, callId }) =>
          sql`(${eventId}::text, ${outcome}::text, ${callId}::uuid)`,
      ),
      sql`, `,
    );
    return [
      sql`update integration_events e set outcome = v.outcome, call_id = v.call_id
          from (values ${rows}) v(event_id, outcome, call_id)
          where e.integration_id = ${integrationId} and e.event_id = v.event_id`,
    ];
  }

  /** The calls duplicate events concerned, by event id. */
  async eventCallIds(
    integrationId: string,
    eventIds: string[],
  ): Promise<Map<string, string | null>> {
    if (eventIds.length === 0) return new Map();
    const rows = await this.db
      .select({ eventId: integrationEvents.eventId, callId: integrationEvents.callId })
      .from(integrationEvents)
      .where(
        and(
          eq(integrationEvents.integrationId, integrationId),
          inArray(integrationEvents.eventId, eventIds),
        ),
      );
    return new Map(rows.map((row) => [row.eventId, row.callId]));
  }

  /**
   * Inserts a call a PBX reports and the event that created it, in one round trip, when its
   * team exists and is not archived and its integration has no call with this external id yet;
   * undefined otherwise (the caller tells the two apart).
   */
  async insertWithEvent(
    executor: Database,
    values: typeof calls.$inferInsert,
    event: Omit<CallEventRow, 'id' | 'seq' | 'callId'>,
  ): Promise<{ call: CallRow; event: CallEventRow } | undefined> {
    const call = newCallRow(values);
    const recorded: CallEventRow = { ...event, callId: call.id, id: randomUUID(), seq: 0 };
    const result = await executor.execute(sql`
      with created as (
        insert into calls (id, team_id, direction, state, from_number, to_number, integration_id,
                           external_id, priority, agent_id, queued_at, created_at, updated_at)
        select ${call.id}::uuid, t.id, ${call.direction}::call_direction, ${call.state}::call_state,
               ${call.fromNumber}::text, ${call.toNumber}::text, ${call.integrationId}::uuid,
               ${call.externalId}::text, ${call.priority}::int, ${call.agentId}::uuid,
               ${timestamp(call.queuedAt)}::timestamptz, ${timestamp(call.createdAt)}::timestamptz,
               ${timestamp(call.updatedAt)}::timestamptz
        from teams t where t.id = ${call.teamId}::uuid and t.archived_at is null
        on conflict do nothing
        returning id)
      insert into call_events (id, call_id, type, from_state, to_state, agent_id, actor_id,
                               source, occurred_at, details)
      select ${recorded.id}::uuid, created.id, ${recorded.type}::text,
             ${recorded.fromState}::call_state, ${recorded.toState}::call_state,
             ${recorded.agentId}::uuid, ${recorded.actorId}::uuid, ${recorded.source}::text,
             ${timestamp(recorded.occurredAt)}::timestamptz,
             ${recorded.details === null ? null : JSON.stringify(recorded.details)}::jsonb
      from created
      returning call_id`);
    return rowsOf(result).length > 0 ? { call, event: recorded } : undefined;
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

  /** True when an outbound call may go through this integration. */
  async activeIntegration(id: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: integrations.id })
      .from(integrations)
      .where(and(eq(integrations.id, id), eq(integrations.isActive, true)))
      .limit(1);
    return row !== undefined;
  }

  /** The active user with this email (a PBX names the agent who answered by email). */
  async activeUserIdByEmail(executor: Database, email: string): Promise<string | undefined> {
    const [row] = await executor
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, email.trim().toLowerCase()), eq(users.isActive, true)))
      .limit(1);
    return row?.id;
  }

  /** An agent as the PBX's webhook names them. */
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

  /** Names of users, for events about agents a call no longer has. */
  async names(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, userIds));
    return new Map(rows.map((row) => [row.id, row.name]));
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
    const [row] = (result as unknown as { rows: QueueStatisticsRow[] }).rows;
    return {
      waiting: row?.waiting ?? 0,
      oldestQueuedAt: row?.oldest ? new Date(row.oldest) : null,
      // PGlite hands json back as text, node-postgres parses it.
      agents: typeof row?.states === 'string' ? JSON.parse(row.states) : (row?.states ?? {}),
    };
  }

  private recordQuery() {
    return this.db
      .select({
        call: calls,
        teamName: teams.name,
        agentName: agent.name,
        agentEmail: agent.email,
        disposition: dispositions,
      })
      .from(calls)
      .innerJoin(teams, eq(teams.id, calls.teamId))
      .leftJoin(agent, eq(agent.id, calls.agentId))
      .leftJoin(dispositions, eq(dispositions.code, calls.dispositionCode))
      .$dynamic();
  }

  private conditions(filter: CallFilter): (SQL | undefined)[] {
    return [
      this.scopeCondition(filter.scope),
      filter.from ? gte(calls.createdAt, filter.from) : undefined,
      filter.to ? lte(calls.createdAt, filter.to) : undefined,
      filter.teamId ? eq(calls.teamId, filter.teamId) : undefined,
      filter.agentId ? eq(calls.agentId, filter.agentId) : undefined,
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

/** `$1, $2, ...`: a list of parameters for `in (...)`. */
function list(values: string[]): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

/** `%` and `_` in a search are literal characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** node-postgres and PGlite both answer `execute` with `{ rows }`. */
function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** A timestamp parameter (an ISO string: the drivers do not agree on Date parameters). */
function timestamp(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** `column = value, ...` for the given fields, and `updated_at` (now() unless given). */
function assignmentsOf({ updatedAt, ...changes }: Partial<CallRow>) {
  const assignments = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const column = CALL_COLUMNS[key as keyof CallRow];
      if (!column) throw new Error(`calls has no column for ${key}`);
      return sql`${sql.raw(column)} = ${value instanceof Date ? timestamp(value) : value}`;
    });
  const updated = updatedAt ? sql`updated_at = ${timestamp(updatedAt)}` : sql`updated_at = now()`;
  return sql.join([...assignments, updated], sql`, `);
}

/** The `calls` column of each CallRow field. */
const CALL_COLUMNS: Record<keyof CallRow, string> = {
  id: 'id',
  teamId: 'team_id',
  direction: 'direction',
  state: 'state',
  fromNumber: 'from_number',
  toNumber: 'to_number',
  integrationId: 'integration_id',
  externalId: 'external_id',
  priority: 'priority',
  agentId: 'agent_id',
  queuedAt: 'queued_at',
  offeredAt: 'offered_at',
  offerExpiresAt: 'offer_expires_at',
  answeredAt: 'answered_at',
  holdStartedAt: 'hold_started_at',
  endedAt: 'ended_at',
  completedAt: 'completed_at',
  waitMs: 'wait_ms',
  ringMs: 'ring_ms',
  talkMs: 'talk_ms',
  holdMs: 'hold_ms',
  holdCount: 'hold_count',
  afterCallWorkMs: 'after_call_work_ms',
  dispositionCode: 'disposition_code',
  notes: 'notes',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

const CALL_FIELDS = Object.fromEntries(
  Object.entries(CALL_COLUMNS).map(([field, column]) => [column, field]),
) as Record<string, keyof CallRow>;

const TIME_FIELDS = new Set<keyof CallRow>([
  'queuedAt',
  'offeredAt',
  'offerExpiresAt',
  'answeredAt',
  'holdStartedAt',
  'endedAt',
  'completedAt',
  'createdAt',
  'updatedAt',
]);

/** json comes back parsed from node-postgres and as text from PGlite. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A `calls` row from `row_to_json` (ISO times, numbers for bigints) to the typed row. */
function callFromJson(value: unknown): CallRow {
  const raw = json<Record<string, unknown>>(value);
  const row: Record<string, unknown> = {};
  for (const [column, field] of Object.entries(CALL_FIELDS)) {
    const cell = raw[column] ?? null;
    row[field] = TIME_FIELDS.has(field) && cell !== null ? new Date(cell as string) : cell;
  }
  return row as unknown as CallRow;
}

function firstCall(result: unknown): CallRow | undefined {
  const [first] = rowsOf<{ row: unknown }>(result);
  return first ? callFromJson(first.row) : undefined;
}

/** The row an insert creates, with the table's defaults: no read-back needed. */
function newCallRow(values: typeof calls.$inferInsert): CallRow {
  const now = new Date();
  return {
    id: values.id ?? randomUUID(),
    teamId: values.teamId,
    direction: values.direction,
    state: values.state,
    fromNumber: values.fromNumber,
    toNumber: values.toNumber,
    integrationId: values.integrationId ?? null,
    externalId: values.externalId ?? null,
    priority: values.priority ?? 0,
    agentId: values.agentId ?? null,
    queuedAt: (values.queuedAt as Date | undefined) ?? null,
    offeredAt: null,
    offerExpiresAt: null,
    answeredAt: null,
    holdStartedAt: null,
    endedAt: null,
    completedAt: null,
    waitMs: null,
    ringMs: 0,
    talkMs: null,
    holdMs: 0,
    holdCount: 0,
    afterCallWorkMs: null,
    dispositionCode: null,
    notes: null,
    createdAt: now,
    updatedAt: now,
  };
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
