import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';

import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { rowsOf, sqlList } from '../core/call-rows';

/** An assist in progress as the list reads it: the call's columns and the supervisor's name. */
export interface AssistRecord {
  callId: string;
  teamId: string;
  agentId: string | null;
  mode: string;
  supervisorId: string;
  supervisorName: string;
  startedAt: Date;
}

interface RawAssist {
  call_id: string;
  team_id: string;
  agent_id: string | null;
  mode: string;
  supervisor_id: string;
  supervisor_name: string;
  started_at: string | Date;
}

/**
 * Reads the assists in progress from `calls` (written through `CallWritesRepository`, under the
 * call's lock) and the supervisors' names from `users` (read-only). Both queries go through the
 * partial index `calls_assist_supervisor`, which holds the assisted calls only.
 */
@Injectable()
export class CallAssistsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /** Every assist in progress, or those of the given teams. */
  async active(teamIds: string[] | 'all'): Promise<AssistRecord[]> {
    if (teamIds !== 'all' && teamIds.length === 0) return [];
    const teams = teamIds === 'all' ? sql`` : sql`and c.team_id in (${sqlList(teamIds)})`;
    const result = await this.db.execute(sql`
      select c.id as call_id, c.team_id, c.agent_id, c.assist_mode as mode,
             c.assist_supervisor_id as supervisor_id, u.name as supervisor_name,
             c.assist_started_at as started_at
      from calls c
      join users u on u.id = c.assist_supervisor_id
      where c.assist_supervisor_id is not null ${teams}
      order by c.assist_started_at, c.id`);
    return rowsOf<RawAssist>(result).map((raw) => ({
      callId: raw.call_id,
      teamId: raw.team_id,
      agentId: raw.agent_id,
      mode: raw.mode,
      supervisorId: raw.supervisor_id,
      supervisorName: raw.supervisor_name,
      startedAt: new Date(raw.started_at),
    }));
  }

  /** The call this supervisor assists now, if any. */
  async assistedBy(executor: Database, supervisorId: string): Promise<string | undefined> {
    const result = await executor.execute(
      sql`select id from calls where assist_supervisor_id = ${supervisorId} limit 1`,
    );
    return rowsOf<{ id: string }>(result)[0]?.id;
  }
}
