import { Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';

import { QueuePosition, RequiredSkill } from '@poscalls4u/contracts';
import {
  Database,
  InjectDatabase,
  SkillRow,
  agentSkills,
  skills,
  teamRouting,
} from '@poscalls4u/server-database';

import { rowsOf, sqlList } from '../core/call-rows';

/** PostgreSQL's unique violation: a skill name already taken (`skills_name_lower`). */
const UNIQUE_VIOLATION = '23505';

export interface TeamRoutingRow {
  requiredSkills: RequiredSkill[];
  widenAfterSeconds: number;
  transferredCalls: QueuePosition;
}

/** The tables of skills-based routing: `skills`, `agent_skills` and `team_routing`. */
@Injectable()
export class SkillsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /** The whole catalogue, by name (an organisation keeps tens of skills, not thousands). */
  async list(): Promise<SkillRow[]> {
    return this.db
      .select()
      .from(skills)
      .orderBy(asc(sql`lower(${skills.name})`), asc(skills.id));
  }

  /** The new skill, or undefined when the name is taken. */
  async insert(name: string, description: string | null): Promise<SkillRow | undefined> {
    try {
      const [row] = await this.db.insert(skills).values({ name, description }).returning();
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /**
   * Removes a skill: agents lose it (cascade) and teams stop requiring it, in one transaction.
   * Answers false when there was no such skill.
   */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [deleted] = await tx
        .delete(skills)
        .where(eq(skills.id, id))
        .returning({ id: skills.id });
      if (!deleted) return false;
      await tx.execute(sql`
        update team_routing
        set required_skills = coalesce(
              (select jsonb_agg(item) from jsonb_array_elements(required_skills) item
               where item->>'skillId' <> ${id}), '[]'::jsonb),
            updated_at = now()
        where required_skills @> ${JSON.stringify([{ skillId: id }])}::jsonb`);
      return true;
    });
  }

  /** The names of the given skills that exist, by id. */
  async names(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({ id: skills.id, name: skills.name })
      .from(skills)
      .where(inArray(skills.id, ids));
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async agentSkills(userId: string): Promise<{ skillId: string; name: string; level: number }[]> {
    return this.db
      .select({ skillId: agentSkills.skillId, name: skills.name, level: agentSkills.level })
      .from(agentSkills)
      .innerJoin(skills, eq(skills.id, agentSkills.skillId))
      .where(eq(agentSkills.userId, userId))
      .orderBy(asc(sql`lower(${skills.name})`));
  }

  /**
   * The skills of every agent who has some, or of the members of the given teams (reads
   * `team_members`, owned by teams, read-only), by agent.
   */
  async skillsByAgent(
    teamIds: string[] | 'all',
  ): Promise<Map<string, { skillId: string; name: string; level: number }[]>> {
    if (teamIds !== 'all' && teamIds.length === 0) return new Map();
    const members =
      teamIds === 'all'
        ? sql``
        : sql`where a.user_id in (select m.user_id from team_members m
                                  where m.team_id in (${sqlList(teamIds)}))`;
    const result = await this.db.execute(sql`
      select a.user_id, a.skill_id, s.name, a.level
      from agent_skills a join skills s on s.id = a.skill_id
      ${members}
      order by a.user_id, lower(s.name)`);
    const byAgent = new Map<string, { skillId: string; name: string; level: number }[]>();
    for (const row of rowsOf<{ user_id: string; skill_id: string; name: string; level: number }>(
      result,
    )) {
      const list = byAgent.get(row.user_id) ?? [];
      list.push({ skillId: row.skill_id, name: row.name, level: row.level });
      byAgent.set(row.user_id, list);
    }
    return byAgent;
  }

  /** Replaces an agent's skills with these. */
  async setAgentSkills(userId: string, list: { skillId: string; level: number }[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(agentSkills).where(eq(agentSkills.userId, userId));
      if (list.length > 0) {
        await tx.insert(agentSkills).values(list.map((item) => ({ userId, ...item })));
      }
    });
  }

  async teamRouting(teamId: string): Promise<TeamRoutingRow | undefined> {
    const [row] = await this.db
      .select({
        requiredSkills: teamRouting.requiredSkills,
        widenAfterSeconds: teamRouting.widenAfterSeconds,
        transferredCalls: teamRouting.transferredCalls,
      })
      .from(teamRouting)
      .where(and(eq(teamRouting.teamId, teamId)));
    return row
      ? {
          ...row,
          requiredSkills: row.requiredSkills as RequiredSkill[],
          transferredCalls: row.transferredCalls as QueuePosition,
        }
      : undefined;
  }

  async setTeamRouting(teamId: string, routing: TeamRoutingRow): Promise<void> {
    await this.db
      .insert(teamRouting)
      .values({ teamId, ...routing })
      .onConflictDoUpdate({
        target: teamRouting.teamId,
        set: { ...routing, updatedAt: new Date() },
      });
  }
}

function isUniqueViolation(error: unknown): boolean {
  // Drizzle wraps the driver's error in its own, with the original as `cause`.
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}
