import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import { CallRow, Database, InjectDatabase, calls } from '@poscalls4u/server-database';

import { rowsOf } from '../core/call-rows';

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
   * Locks the longest-idle available agent who has a queued call in one of their teams (as an
   * agent member), skipping agents another transaction holds. An agent who rejected a call within
   * `rejectWindowMs` does not count that call.
   */
  async claimAgent(executor: Database, rejectWindowMs: number): Promise<string | undefined> {
    const result = await executor.execute(sql`
      select p.user_id
      from agent_presence p
      where p.status = 'available'
        and p.current_call_id is null
        and exists (
          select 1
          from team_members m
          join calls c on c.team_id = m.team_id and c.state = 'queued'
          where m.user_id = p.user_id
            and m.role = 'agent'
            and ${notRecentlyRejected(sql`p.user_id`, rejectWindowMs)}
        )
      order by p.since asc, p.user_id
      limit 1
      for update of p skip locked`);
    return rowsOf<{ user_id: string }>(result)[0]?.user_id;
  }

  /**
   * Locks the call an agent should get: the highest priority, then the longest waiting, of the
   * agent's teams' queues, skipping calls another transaction holds.
   */
  async claimCall(
    executor: Database,
    agentId: string,
    rejectWindowMs: number,
  ): Promise<CallRow | undefined> {
    const result = await executor.execute(sql`
      select c.id
      from calls c
      where c.state = 'queued'
        and c.team_id in (
          select m.team_id from team_members m where m.user_id = ${agentId} and m.role = 'agent'
        )
        and ${notRecentlyRejected(sql`${agentId}::uuid`, rejectWindowMs)}
      order by c.priority desc, c.queued_at asc, c.id
      limit 1
      for update of c skip locked`);
    const id = rowsOf<{ id: string }>(result)[0]?.id;
    if (!id) return undefined;
    // Already locked by this transaction: the typed read costs no wait.
    const [row] = await executor
      .select()
      .from(calls)
      .where(sql`${calls.id} = ${id}`);
    return row;
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

function notRecentlyRejected(agentId: ReturnType<typeof sql>, windowMs: number) {
  return sql`not exists (
    select 1 from call_events e
    where e.call_id = c.id
      and e.agent_id = ${agentId}
      and e.type = 'rejected'
      and e.occurred_at > now() - make_interval(secs => ${windowMs / 1000}))`;
}
