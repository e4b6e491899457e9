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
  isNull,
  lte,
  or,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';

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

  /** Locks a call for the rest of the transaction (every move of a call starts here). */
  async lock(executor: Database, id: string): Promise<CallRow | undefined> {
    const [row] = await executor.select().from(calls).where(eq(calls.id, id)).for('update');
    return row;
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
    const [row] = await executor
      .select()
      .from(calls)
      .where(
        and(
          eq(calls.integrationId, integrationId),
          ourId
            ? or(
                eq(calls.externalId, externalId),
                and(isNull(calls.externalId), eq(calls.id, ourId)),
              )
            : eq(calls.externalId, externalId),
        ),
      )
      .limit(1)
      .for('update');
    return row;
  }

  async insert(executor: Database, values: typeof calls.$inferInsert): Promise<CallRow> {
    const [row] = await executor.insert(calls).values(values).returning();
    if (!row) throw new Error('insert into calls returned nothing');
    return row;
  }

  /**
   * Inserts a call from a PBX unless the integration already has one with this external id (a
   * concurrent first event); undefined then.
   */
  async insertExternal(
    executor: Database,
    values: typeof calls.$inferInsert,
  ): Promise<CallRow | undefined> {
    const [row] = await executor.insert(calls).values(values).onConflictDoNothing().returning();
    return row;
  }

  async update(
    executor: Database,
    id: string,
    changes: Partial<typeof calls.$inferInsert>,
  ): Promise<void> {
    await executor
      .update(calls)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(calls.id, id));
  }

  async insertEvent(
    executor: Database,
    event: typeof callEvents.$inferInsert,
  ): Promise<CallEventRow> {
    const [row] = await executor.insert(callEvents).values(event).returning();
    if (!row) throw new Error('insert into call_events returned nothing');
    return row;
  }

  /** The calls with their names, in the order of `ids`. */
  async records(ids: string[]): Promise<CallRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.recordQuery().where(inArray(calls.id, ids));
    const byId = new Map(rows.map(toRecord).map((record) => [record.id, record]));
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
   * Records a PBX event id; false when the integration had it already (a duplicate). The
   * outcome is filled in by `settleEvent` before the transaction commits.
   */
  async claimEvent(executor: Database, integrationId: string, eventId: string): Promise<boolean> {
    const rows = await executor
      .insert(integrationEvents)
      .values({ integrationId, eventId, outcome: 'pending' })
      .onConflictDoNothing()
      .returning({ eventId: integrationEvents.eventId });
    return rows.length > 0;
  }

  async settleEvent(
    executor: Database,
    integrationId: string,
    eventId: string,
    outcome: string,
    callId: string | null,
  ): Promise<void> {
    await executor
      .update(integrationEvents)
      .set({ outcome, callId })
      .where(
        and(
          eq(integrationEvents.integrationId, integrationId),
          eq(integrationEvents.eventId, eventId),
        ),
      );
  }

  /** The call a duplicate event concerned. */
  async eventCallId(integrationId: string, eventId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ callId: integrationEvents.callId })
      .from(integrationEvents)
      .where(
        and(
          eq(integrationEvents.integrationId, integrationId),
          eq(integrationEvents.eventId, eventId),
        ),
      )
      .limit(1);
    return row?.callId ?? null;
  }

  /** The active team a call may join, or undefined. */
  async activeTeam(executor: Database, teamId: string): Promise<{ id: string } | undefined> {
    const [row] = await executor
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.id, teamId), isNull(teams.archivedAt)))
      .limit(1);
    return row;
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

/** `%` and `_` in a search are literal characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
