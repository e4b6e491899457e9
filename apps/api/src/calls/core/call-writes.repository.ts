import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';

import {
  CallEventRow,
  CallRow,
  CallSegmentRow,
  Database,
  calls,
} from '@poscalls4u/server-database';

import { CALL_COLUMNS, callFromJson, rowsOf, timestamp } from './call-rows';

/** The values a new call is created with; the table's defaults fill in the rest. */
export type NewCall = typeof calls.$inferInsert;

/** A `call_segments` row before the database numbers it. */
export type NewCallSegment = Omit<CallSegmentRow, 'seq'>;

/** A `call_events` row before the database numbers it. */
export type NewCallEvent = Omit<CallEventRow, 'id' | 'seq'>;

/**
 * Locks and writes calls: the `calls` and `call_events` tables, always inside the caller's
 * transaction. Every move of a call starts with a lock here and ends with a write here.
 *
 * Plain SQL rather than the query builder: these statements are on the path of every call event,
 * ingestion must keep up with a busy PBX, and building typed queries over the 27 columns of
 * `calls` cost more CPU than PostgreSQL did.
 */
@Injectable()
export class CallWritesRepository {
  /** Locks a call for the rest of the transaction. */
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

  async insert(executor: Database, values: NewCall): Promise<CallRow> {
    const row = newCallRow(values);
    await executor.execute(sql`
      insert into calls (id, team_id, direction, state, from_number, to_number, integration_id,
                         external_id, priority, agent_id, queued_at, required_skills, created_at,
                         updated_at)
      values (${row.id}, ${row.teamId}, ${row.direction}, ${row.state}, ${row.fromNumber},
              ${row.toNumber}, ${row.integrationId}, ${row.externalId}, ${row.priority},
              ${row.agentId}, ${timestamp(row.queuedAt)}, ${jsonOrNull(row.requiredSkills)}::jsonb,
              ${timestamp(row.createdAt)}, ${timestamp(row.updatedAt)})`);
    return row;
  }

  /**
   * Inserts a call a PBX reports and the event that created it, in one round trip, when its
   * team exists and is not archived and its integration has no call with this external id yet;
   * undefined otherwise (the caller tells the two apart). The team check reads `teams` (owned by
   * the teams area) inside the insert, so that it costs no round trip of its own.
   */
  async insertWithEvent(
    executor: Database,
    values: NewCall,
    event: Omit<NewCallEvent, 'callId'>,
  ): Promise<{ call: CallRow; event: CallEventRow } | undefined> {
    const call = newCallRow(values);
    const recorded: CallEventRow = { ...event, callId: call.id, id: randomUUID(), seq: 0 };
    const result = await executor.execute(sql`
      with created as (
        insert into calls (id, team_id, direction, state, from_number, to_number, integration_id,
                           external_id, priority, agent_id, queued_at, required_skills, created_at,
                           updated_at)
        select ${call.id}::uuid, t.id, ${call.direction}::call_direction, ${call.state}::call_state,
               ${call.fromNumber}::text, ${call.toNumber}::text, ${call.integrationId}::uuid,
               ${call.externalId}::text, ${call.priority}::int, ${call.agentId}::uuid,
               ${timestamp(call.queuedAt)}::timestamptz, ${jsonOrNull(call.requiredSkills)}::jsonb,
               ${timestamp(call.createdAt)}::timestamptz, ${timestamp(call.updatedAt)}::timestamptz
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

  async update(executor: Database, id: string, changes: Partial<CallRow>): Promise<void> {
    await executor.execute(sql`update calls set ${assignmentsOf(changes)} where id = ${id}`);
  }

  /** Updates a call and records the event that moved it, in one round trip. */
  async updateAndRecord(
    executor: Database,
    id: string,
    changes: Partial<CallRow>,
    event: NewCallEvent,
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

  /**
   * Records the segment a transfer closed, numbered after the call's earlier ones (the call is
   * locked, so two transfers cannot take the same number).
   */
  async insertSegment(executor: Database, segment: NewCallSegment): Promise<void> {
    await executor.execute(sql`
      insert into call_segments (call_id, seq, team_id, agent_id, to_team_id, target, started_at,
                                 ended_at, ring_ms, talk_ms, hold_ms, hold_count)
      select ${segment.callId}::uuid, coalesce(max(seq), 0) + 1, ${segment.teamId}::uuid,
             ${segment.agentId}::uuid, ${segment.toTeamId}::uuid,
             ${JSON.stringify(segment.target)}::jsonb, ${timestamp(segment.startedAt)}::timestamptz,
             ${timestamp(segment.endedAt)}::timestamptz, ${segment.ringMs}, ${segment.talkMs},
             ${segment.holdMs}, ${segment.holdCount}
      from call_segments where call_id = ${segment.callId}::uuid`);
  }

  async insertEvent(executor: Database, event: NewCallEvent): Promise<CallEventRow> {
    const row: CallEventRow = { ...event, id: randomUUID(), seq: 0 };
    await executor.execute(sql`
      insert into call_events (id, call_id, type, from_state, to_state, agent_id, actor_id,
                               source, occurred_at, details)
      values (${row.id}, ${row.callId}, ${row.type}, ${row.fromState}, ${row.toState},
              ${row.agentId}, ${row.actorId}, ${row.source}, ${timestamp(row.occurredAt)},
              ${row.details === null ? null : JSON.stringify(row.details)}::jsonb)`);
    return row;
  }
}

function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function firstCall(result: unknown): CallRow | undefined {
  const [first] = rowsOf<{ row: unknown }>(result);
  return first ? callFromJson(first.row) : undefined;
}

/** `column = value, ...` for the given fields, and `updated_at` (now() unless given). */
function assignmentsOf({ updatedAt, ...changes }: Partial<CallRow>) {
  const assignments = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const column = CALL_COLUMNS[key as keyof CallRow];
      if (!column) throw new Error(`calls has no column for ${key}`);
      if (value instanceof Date) return sql`${sql.raw(column)} = ${timestamp(value)}`;
      // A jsonb column (the consult): the two drivers serialise objects differently.
      if (typeof value === 'object' && value !== null) {
        return sql`${sql.raw(column)} = ${JSON.stringify(value)}::jsonb`;
      }
      return sql`${sql.raw(column)} = ${value}`;
    });
  const updated = updatedAt ? sql`updated_at = ${timestamp(updatedAt)}` : sql`updated_at = now()`;
  return sql.join([...assignments, updated], sql`, `);
}

/** The row an insert creates, with the table's defaults: no read-back needed. */
export function newCallRow(values: NewCall): CallRow {
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
    requeuedAt: null,
    offeredAt: null,
    offerExpiresAt: null,
    answeredAt: null,
    talkStartedAt: null,
    transferCount: 0,
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
    muted: false,
    assistMode: null,
    assistSupervisorId: null,
    assistStartedAt: null,
    consult: null,
    conference: null,
    requiredSkills: values.requiredSkills ?? null,
    createdAt: now,
    updatedAt: now,
  };
}
