import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';

import { CallEventRow, CallRow, Database } from '@poscalls4u/server-database';

import { CALL_COLUMNS, rowsOf } from './call-rows';
import { NewCall, NewCallEvent, newCallRow } from './call-writes.repository';

/** The `call_events` column of each field a new event is written with. */
const EVENT_COLUMNS: Record<keyof NewCallEvent | 'id', string> = {
  id: 'id',
  callId: 'call_id',
  type: 'type',
  fromState: 'from_state',
  toState: 'to_state',
  agentId: 'agent_id',
  actorId: 'actor_id',
  source: 'source',
  occurredAt: 'occurred_at',
  details: 'details',
};

/**
 * A held-back write could not be made as the batch saw it: a call it creates was created
 * meanwhile by another transaction (another instance), or its team was archived since the
 * batch's claim read it. Nothing of the transaction may commit; run it again from the claim,
 * which then sees the other transaction's work.
 */
export class CallWriteConflict extends Error {
  constructor(detail: string) {
    super(`Held-back call writes no longer match the database (${detail}); retry the batch.`);
    this.name = 'CallWriteConflict';
  }
}

/**
 * Writes of calls and their events held back, inside one transaction, and made together by
 * `flush` in one statement: a PBX batch of fifty new calls and fifty hang-ups costs one round
 * trip for its calls and events instead of one per event (the round trips, not PostgreSQL's
 * work, were most of a batch's time). `CallTransitions` holds its writes here while
 * `CallEffects.writes` is set.
 *
 * The owner must flush before any other statement of the transaction that could read or
 * reference what is held (a presence row naming the call, a segment, an audit row...): only
 * moves that write nothing but the call and its event may be held (see PbxEventsService). A
 * call created and then moved while held is inserted as its last move left it; a call moved
 * twice is updated once, with every column either move changed. Events keep the order they
 * were held in (their `seq`).
 */
export class CallWriteBatch {
  private readonly inserts = new Map<string, CallRow>();
  private readonly updates = new Map<string, { row: CallRow; columns: Set<keyof CallRow> }>();
  private events: CallEventRow[] = [];

  /** Holds a new call and the event that created it (the call's team must be active). */
  insert(
    values: NewCall,
    event: Omit<NewCallEvent, 'callId'>,
  ): { call: CallRow; event: CallEventRow } {
    const call = newCallRow(values);
    const recorded: CallEventRow = { ...event, callId: call.id, id: randomUUID(), seq: 0 };
    this.inserts.set(call.id, call);
    this.events.push(recorded);
    return { call, event: recorded };
  }

  /** Holds a locked call's move: `next` is the whole row after it, `changes` what it changed. */
  update(next: CallRow, changes: Partial<CallRow>, event: NewCallEvent): CallEventRow {
    const recorded: CallEventRow = { ...event, id: randomUUID(), seq: 0 };
    if (this.inserts.has(next.id)) {
      this.inserts.set(next.id, next);
    } else {
      const held = this.updates.get(next.id);
      const columns = held?.columns ?? new Set<keyof CallRow>(['updatedAt']);
      for (const [field, value] of Object.entries(changes)) {
        if (value !== undefined) columns.add(field as keyof CallRow);
      }
      this.updates.set(next.id, { row: next, columns });
    }
    this.events.push(recorded);
    return recorded;
  }

  get empty(): boolean {
    return this.events.length === 0;
  }

  /**
   * Writes what is held, in one statement: the new calls (when their team is still active and
   * the integration has no call with their external id), the moved calls, and the events of
   * those. Throws CallWriteConflict when a held call could not be created.
   */
  async flush(executor: Database): Promise<void> {
    if (this.empty) return;
    const inserts = [...this.inserts.values()];
    const updates = [...this.updates.values()];
    const events = this.events;
    this.inserts.clear();
    this.updates.clear();
    this.events = [];

    const insertColumns = Object.values(CALL_COLUMNS);
    const created =
      inserts.length > 0
        ? sql`insert into calls (${sql.raw(insertColumns.join(', '))})
              select ${sql.raw(insertColumns.map((column) => `v.${column}`).join(', '))}
              from json_populate_recordset(null::calls, ${JSON.stringify(inserts.map((row) => callToJson(row)))}::json) v
              where exists (select 1 from teams t where t.id = v.team_id and t.archived_at is null)
              on conflict do nothing
              returning id`
        : sql`select null::uuid as id where false`;
    const updateColumns = new Set<keyof CallRow>();
    for (const { columns } of updates) for (const field of columns) updateColumns.add(field);
    const moved =
      updates.length > 0
        ? sql`update calls c set ${sql.raw(
            [...updateColumns]
              .map((field) => `${CALL_COLUMNS[field]} = v.${CALL_COLUMNS[field]}`)
              .join(', '),
          )}
              from json_populate_recordset(null::calls, ${JSON.stringify(updates.map(({ row }) => callToJson(row, updateColumns)))}::json) v
              where c.id = v.id
              returning c.id`
        : sql`select null::uuid as id where false`;
    const eventColumns = Object.values(EVENT_COLUMNS).join(', ');
    const result = await executor.execute(sql`
      with created as (${created}),
           moved as (${moved}),
           recorded as (
             insert into call_events (${sql.raw(eventColumns)})
             select ${sql.raw(
               Object.values(EVENT_COLUMNS)
                 .map((column) => `e.${column}`)
                 .join(', '),
             )}
             from json_array_elements(${JSON.stringify(events.map(eventToJson))}::json)
                    with ordinality x(value, n),
                  lateral json_populate_record(null::call_events, x.value) e
             where e.call_id in (select id from created union all select id from moved)
             order by x.n
             returning 1)
      select (select count(*) from created)::int as created,
             (select count(*) from moved)::int as moved,
             (select count(*) from recorded)::int as recorded`);
    const [counts] = rowsOf<{ created: number; moved: number; recorded: number }>(result);
    if (
      counts?.created !== inserts.length ||
      counts.moved !== updates.length ||
      counts.recorded !== events.length
    ) {
      throw new CallWriteConflict(
        `${counts?.created ?? 0}/${inserts.length} calls created, ${counts?.moved ?? 0}/${updates.length} moved`,
      );
    }
  }
}

/**
 * A call row as `json_populate_recordset(null::calls, ...)` reads it: by column, ISO times;
 * only its id and `fields` when given (an update). Nulls are left out: a missing key reads as
 * null, and the statement's parameter stays small (it is sent for every batch).
 */
function callToJson(row: CallRow, fields?: Set<keyof CallRow>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: row.id };
  for (const [field, column] of Object.entries(CALL_COLUMNS) as [keyof CallRow, string][]) {
    if (fields && !fields.has(field)) continue;
    const value = row[field];
    if (value !== null) out[column] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/** A new event as `json_populate_record(null::call_events, ...)` reads it (as `callToJson`). */
function eventToJson(row: CallEventRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(EVENT_COLUMNS)) {
    const value = row[field as keyof CallEventRow];
    if (value !== null) out[column] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}
