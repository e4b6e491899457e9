import { SQL, sql } from 'drizzle-orm';

import { CallRow } from '@poscalls4u/server-database';

/**
 * The `calls` row in hand-written SQL, shared by the repositories that lock, write and read
 * calls: `row_to_json` back to the typed row, the column of each field, parameters the two
 * drivers (node-postgres and PGlite) read alike.
 */

/** node-postgres and PGlite both answer `execute` with `{ rows }`. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** json comes back parsed from node-postgres and as text from PGlite. */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A timestamp parameter (an ISO string: the drivers do not agree on Date parameters). */
export function timestamp(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** `$1, $2, ...`: a list of parameters for `in (...)`. */
export function sqlList(values: string[]): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

/** The `calls` column of each CallRow field. */
export const CALL_COLUMNS: Record<keyof CallRow, string> = {
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
  requeuedAt: 'requeued_at',
  offeredAt: 'offered_at',
  offerExpiresAt: 'offer_expires_at',
  answeredAt: 'answered_at',
  talkStartedAt: 'talk_started_at',
  transferCount: 'transfer_count',
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
  muted: 'muted',
  assistMode: 'assist_mode',
  assistSupervisorId: 'assist_supervisor_id',
  assistStartedAt: 'assist_started_at',
  consult: 'consult',
  conference: 'conference',
  requiredSkills: 'required_skills',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

const CALL_FIELDS = Object.fromEntries(
  Object.entries(CALL_COLUMNS).map(([field, column]) => [column, field]),
) as Record<string, keyof CallRow>;

const TIME_FIELDS = new Set<keyof CallRow>([
  'queuedAt',
  'requeuedAt',
  'offeredAt',
  'offerExpiresAt',
  'answeredAt',
  'talkStartedAt',
  'holdStartedAt',
  'endedAt',
  'completedAt',
  'assistStartedAt',
  'createdAt',
  'updatedAt',
]);

/** A `calls` row from `row_to_json` (ISO times, numbers for bigints) to the typed row. */
export function callFromJson(value: unknown): CallRow {
  const raw = json<Record<string, unknown>>(value);
  const row: Record<string, unknown> = {};
  for (const [column, field] of Object.entries(CALL_FIELDS)) {
    const cell = raw[column] ?? null;
    row[field] = TIME_FIELDS.has(field) && cell !== null ? new Date(cell as string) : cell;
  }
  return row as unknown as CallRow;
}
