import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import { DEFAULT_WIDEN_AFTER_SECONDS } from '@poscalls4u/contracts';
import { CallRow, Database, InjectDatabase } from '@poscalls4u/server-database';

import { callFromJson, rowsOf } from '../core/call-rows';

/**
 * A queued call's place in its team's line: its arrival, or when a transfer sent it to the back
 * (`requeued_at`). The queue is served in this order (after priority) and a call's requirement
 * widens with the time since; the expression is the one `calls_queue_order` indexes.
 */
const PLACE_IN_LINE = sql`coalesce(c.requeued_at, c.queued_at)`;

/**
 * The SQL of the ACD. It reads `agent_presence` and `team_members` directly, an exception to
 * "one feature, its own tables": the agent row and the call row must be picked and locked in the
 * same transaction (`FOR UPDATE SKIP LOCKED`), which no service call can do. Writes to those
 * rows still go through PresenceService.
 */
@Injectable()
export class RoutingRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /**
   * True when some agent is available and free: without one, a routing round cannot match, and
   * this one read costs less than the round's transaction.
   */
  async anyFreeAgent(): Promise<boolean> {
    const result = await this.db.execute(sql`
      select exists (
        select 1 from agent_presence p where p.status = 'available' and p.current_call_id is null
      ) as found`);
    return rowsOf<{ found: boolean }>(result)[0]?.found === true;
  }

  /**
   * Locks the longest-idle available agent who may take a queued call of one of their teams (as
   * an agent member): one whose skills meet the call's requirement as widened by its wait (see
   * `eligible`), and that they did not reject within `rejectWindowMs`. Skips agents another
   * transaction holds. Each team's queue is walked in serving order through `calls_queue_order`
   * and the walk stops at the first such call: the oldest calls are the most widened, so the walk
   * is short however long the queue. The agent's skills are read once (`heldSkills`), not once
   * per call visited.
   */
  async claimAgent(executor: Database, rejectWindowMs: number): Promise<string | undefined> {
    const result = await executor.execute(sql`
      select p.user_id
      from agent_presence p
      where p.status = 'available'
        and p.current_call_id is null
        and exists (
          select 1
          from ${heldSkills(sql`p.user_id`)} a
          cross join team_members m
          cross join lateral (
            select 1
            from calls c
            left join team_routing r on r.team_id = c.team_id
            where c.team_id = m.team_id
              and c.state = 'queued'
              and ${notRecentlyRejected(sql`p.user_id`, rejectWindowMs)}
              and ${eligible(sql`a.held`)}
            limit 1
          ) queued
          where m.user_id = p.user_id
            and m.role = 'agent'
        )
      order by p.since asc, p.user_id
      limit 1
      for update of p skip locked`);
    return rowsOf<{ user_id: string }>(result)[0]?.user_id;
  }

  /**
   * Locks the call an agent should get: the highest priority, then the first in line (see
   * `PLACE_IN_LINE`), among the
   * calls of the agent's teams the agent may take (skills, widening, rejects), skipping calls
   * another transaction holds. One walk per team, each stopping at its first eligible call; the
   * row comes back whole (`row_to_json`), in the same round trip.
   */
  async claimCall(
    executor: Database,
    agentId: string,
    rejectWindowMs: number,
  ): Promise<CallRow | undefined> {
    const agent = sql`${agentId}::uuid`;
    const result = await executor.execute(sql`
      select best.row
      from ${heldSkills(agent)} a
      cross join team_members m
      cross join lateral (
        select row_to_json(c) as row, c.id, c.priority, ${PLACE_IN_LINE} as place
        from calls c
        left join team_routing r on r.team_id = c.team_id
        where c.team_id = m.team_id
          and c.state = 'queued'
          and ${notRecentlyRejected(agent, rejectWindowMs)}
          and ${eligible(sql`a.held`)}
        order by c.priority desc, ${PLACE_IN_LINE} asc, c.id
        limit 1
        for update of c skip locked
      ) best
      where m.user_id = ${agentId} and m.role = 'agent'
      order by best.priority desc, best.place asc, best.id
      limit 1`);
    const row = rowsOf<{ row: unknown }>(result)[0]?.row;
    return row === undefined ? undefined : callFromJson(row);
  }

  /**
   * Offers to give back: ringing past their expiry, or ringing at an agent who is no longer
   * available (went offline or on a break while it rang). Each is then handled under its own lock.
   */
  async offersToRelease(now: Date, limit: number): Promise<string[]> {
    const result = await this.db.execute(sql`
      select c.id
      from calls c
      left join agent_presence p on p.user_id = c.agent_id
      where c.state = 'offered'
        and (c.offer_expires_at <= ${now.toISOString()}::timestamptz
             or p.status is distinct from 'available'
             or p.current_call_id is distinct from c.id)
      order by c.offer_expires_at
      limit ${limit}`);
    return rowsOf<{ id: string }>(result).map((row) => row.id);
  }
}

/**
 * The agent's skills as one JSON object, skill id -> level (`a.held`), read once per agent
 * through the `agent_skills` primary key: checking a call against it then costs no more reads,
 * however many calls the walk visits.
 */
function heldSkills(agentId: ReturnType<typeof sql>) {
  return sql`(select coalesce(jsonb_object_agg(s.skill_id::text, s.level), '{}'::jsonb) as held
              from agent_skills s where s.user_id = ${agentId})`;
}

/**
 * The agent, holding the skills `held` (see `heldSkills`), may take call `c` (with its team's
 * routing `r`): every skill the call requires (its own, else its team's default) at the required
 * level lowered by one per widening step waited (`widen_after_seconds`, default 30); a
 * requirement lowered below 1 is dropped, so a call that waited long enough goes to any agent of
 * the team.
 */
function eligible(held: ReturnType<typeof sql>) {
  const steps = sql`floor(extract(epoch from (now() - ${PLACE_IN_LINE}))
                     / coalesce(r.widen_after_seconds, ${DEFAULT_WIDEN_AFTER_SECONDS}))::int`;
  return sql`not exists (
    select 1
    from jsonb_to_recordset(coalesce(c.required_skills, r.required_skills, '[]'::jsonb))
      as need("skillId" uuid, "minLevel" int)
    where need."minLevel" - ${steps} >= 1
      and coalesce((${held} ->> need."skillId"::text)::int, 0) < need."minLevel" - ${steps})`;
}

function notRecentlyRejected(agentId: ReturnType<typeof sql>, windowMs: number) {
  return sql`not exists (
    select 1 from call_events e
    where e.call_id = c.id
      and e.agent_id = ${agentId}
      and e.type = 'rejected'
      and e.occurred_at > now() - make_interval(secs => ${windowMs / 1000}))`;
}
