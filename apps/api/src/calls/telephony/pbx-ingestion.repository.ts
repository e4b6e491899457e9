import { Injectable } from '@nestjs/common';
import { SQL, and, eq, inArray, isNull, sql } from 'drizzle-orm';

import {
  CallRow,
  Database,
  InjectDatabase,
  calls,
  integrationEvents,
  teams,
  users,
} from '@poscalls4u/server-database';

import { callFromJson, json, rowsOf, sqlList } from '../core/call-rows';

/**
 * The bookkeeping of PBX ingestion: the ledger `integration_events` (which event ids an
 * integration has sent, and what each did), claimed and settled inside the ingestion transaction.
 * Also reads `users` (owned by identity), read-only, to find the agent a PBX names by email,
 * `teams` (owned by teams), read-only, for the queue a PBX's transfer names, `skills`, for the
 * skills a PBX's call requires, and `calls`, to tell whether a supervisor a PBX names already
 * assists another call.
 */
@Injectable()
export class PbxIngestionRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /**
   * Records a PBX batch's event ids and locks the calls the batch may concern, in one round
   * trip. `claimed` holds the ids the integration did not have (the others are duplicates: nothing
   * may change for them). A ledger row starts as `applied` without a call; `settlement` writes
   * each one's outcome before the transaction commits. The calls are those the integration knows
   * by one of `externalIds`, or by one of `ourIds` while it has not told us its own id yet (an
   * outbound call we asked it to dial); they are locked in id order, so that two batches lock the
   * calls they share in the same order. The call lock lives here rather than with the call
   * writes because it shares the claim's round trip.
   *
   * `skillKeys` (lower-cased skill names or ids the batch's events require) are looked up in the
   * catalogue in the same statement: `skills` answers each key found, by name and by id, with
   * its skill's id. A batch of queued calls that name their skills thus costs no round trip more
   * than one whose calls name none, however many there are. Reads `skills` (owned by this area's
   * routing settings).
   *
   * `teamIds` (the teams the batch's events name, uuids) are read the same way: `teams` answers
   * those that exist and are not archived, so that the batch's new calls can be held and written
   * together (`CallWriteBatch`, whose flush checks the team again). Reads `teams` (owned by
   * teams), read-only.
   */
  async claimEventsAndLock(
    executor: Database,
    integrationId: string,
    eventIds: string[],
    externalIds: string[],
    ourIds: string[],
    skillKeys: string[] = [],
    teamIds: string[] = [],
  ): Promise<{
    claimed: Set<string>;
    calls: CallRow[];
    skills: Map<string, string>;
    teams: Set<string>;
  }> {
    const ledgerRows = sql.join(
      eventIds.map((eventId) => sql`(${integrationId}::uuid, ${eventId}, 'applied')`),
      sql`, `,
    );
    const byOurId =
      ourIds.length > 0 ? sql` or (c.external_id is null and c.id in (${sqlList(ourIds)}))` : sql``;
    const catalogue =
      skillKeys.length > 0
        ? sql`(select coalesce(json_agg(json_build_array(s.id, lower(s.name))), '[]'::json)
                 from skills s
                 where lower(s.name) in (${sqlList(skillKeys)})
                    or s.id::text in (${sqlList(skillKeys)}))`
        : sql`'[]'::json`;
    const activeTeams =
      teamIds.length > 0
        ? sql`(select coalesce(json_agg(t.id), '[]'::json) from teams t
                 where t.id in (${sqlList(teamIds)}) and t.archived_at is null)`
        : sql`'[]'::json`;
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
                  and (c.external_id in (${sqlList(externalIds)})${byOurId})
                order by c.id
                for update of c) locked) as calls,
             ${catalogue} as skills,
             ${activeTeams} as teams`);
    const [first] = rowsOf<{ claimed: unknown; calls: unknown; skills: unknown; teams: unknown }>(
      result,
    );
    const skills = new Map<string, string>();
    for (const [id, name] of json<[string, string][]>(first?.skills ?? '[]')) {
      skills.set(name, id);
      skills.set(id, id);
    }
    return {
      claimed: new Set(json<string[]>(first?.claimed ?? '[]')),
      calls: json<unknown[]>(first?.calls ?? '[]').map(callFromJson),
      skills,
      teams: new Set(json<string[]>(first?.teams ?? '[]')),
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

  /** The calls duplicate events concerned, by event id (read after the commit). */
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
   * The active user with this email (a PBX names the agent who answered by email). Read inside
   * the ingestion transaction, from identity's `users` table: never written here.
   */
  async activeUserIdByEmail(executor: Database, email: string): Promise<string | undefined> {
    const [row] = await executor
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, email.trim().toLowerCase()), eq(users.isActive, true)))
      .limit(1);
    return row?.id;
  }

  /** Whether a team exists and is not archived: a transfer the PBX reports may send a call there. */
  async teamIsActive(executor: Database, teamId: string): Promise<boolean> {
    const [row] = await executor
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.id, teamId), isNull(teams.archivedAt)))
      .limit(1);
    return row !== undefined;
  }

  /** Whether this supervisor assists a call now (one call at a time: `calls_assist_supervisor`). */
  async assisting(executor: Database, supervisorId: string): Promise<boolean> {
    const [row] = await executor
      .select({ id: calls.id })
      .from(calls)
      .where(eq(calls.assistSupervisorId, supervisorId))
      .limit(1);
    return row !== undefined;
  }
}
