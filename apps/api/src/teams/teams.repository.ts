import { Injectable } from '@nestjs/common';
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  TeamMemberRow,
  TeamRow,
  teamMembers,
  teams,
  users,
} from '@poscalls4u/server-database';

export type TeamWithCount = TeamRow & { memberCount: number };

export interface MemberRecord {
  userId: string;
  name: string;
  email: string;
  role: TeamMemberRow['role'];
  joinedAt: Date;
}

const memberCount = sql<number>`(select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id})`;

/** The SQL of the `teams` and `team_members` tables. */
@Injectable()
export class TeamsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async list(options: { memberId?: string; includeArchived: boolean }): Promise<TeamWithCount[]> {
    const conditions = [options.includeArchived ? undefined : isNull(teams.archivedAt)];
    if (options.memberId) {
      conditions.push(
        inArray(
          teams.id,
          this.db
            .select({ id: teamMembers.teamId })
            .from(teamMembers)
            .where(eq(teamMembers.userId, options.memberId)),
        ),
      );
    }
    return this.db
      .select({ ...teamColumns, memberCount })
      .from(teams)
      .where(and(...conditions))
      .orderBy(asc(teams.name));
  }

  /** The names of these teams that are not archived. */
  async activeNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(and(inArray(teams.id, ids), isNull(teams.archivedAt)));
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async findById(id: string, executor: Database = this.db): Promise<TeamWithCount | undefined> {
    const [row] = await executor
      .select({ ...teamColumns, memberCount })
      .from(teams)
      .where(eq(teams.id, id))
      .limit(1);
    return row;
  }

  /** Locks the team row for the rest of the transaction (member additions are serialized per team). */
  async lock(id: string, executor: Database): Promise<TeamRow | undefined> {
    const [row] = await executor
      .select()
      .from(teams)
      .where(eq(teams.id, id))
      .limit(1)
      .for('update');
    return row;
  }

  async insert(
    team: typeof teams.$inferInsert,
    executor: Database = this.db,
  ): Promise<TeamRow | undefined> {
    const [row] = await executor.insert(teams).values(team).onConflictDoNothing().returning();
    return row;
  }

  async update(
    id: string,
    changes: Partial<typeof teams.$inferInsert>,
  ): Promise<TeamRow | undefined> {
    const [row] = await this.db
      .update(teams)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(teams.id, id))
      .returning();
    return row;
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: teams.id })
      .from(teams)
      .where(
        and(
          sql`lower(${teams.name}) = lower(${name})`,
          isNull(teams.archivedAt),
          exceptId ? sql`${teams.id} <> ${exceptId}` : undefined,
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  async members(teamId: string): Promise<MemberRecord[]> {
    return this.db
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        role: teamMembers.role,
        joinedAt: teamMembers.joinedAt,
      })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(eq(teamMembers.teamId, teamId))
      .orderBy(asc(teamMembers.role), asc(users.name));
  }

  async membership(teamId: string, userId: string): Promise<TeamMemberRow | undefined> {
    const [row] = await this.db
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
      .limit(1);
    return row;
  }

  async countMembers(teamId: string, executor: Database): Promise<number> {
    const [row] = await executor
      .select({ total: count() })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, teamId));
    return row?.total ?? 0;
  }

  /** Adds a member; false when they already are one. */
  async addMember(member: typeof teamMembers.$inferInsert, executor: Database): Promise<boolean> {
    const rows = await executor
      .insert(teamMembers)
      .values(member)
      .onConflictDoNothing()
      .returning({ userId: teamMembers.userId });
    return rows.length > 0;
  }

  async removeMember(teamId: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
      .returning({ userId: teamMembers.userId });
    return rows.length > 0;
  }
}

const teamColumns = {
  id: teams.id,
  name: teams.name,
  description: teams.description,
  maxMembers: teams.maxMembers,
  serviceLevelTargetPercent: teams.serviceLevelTargetPercent,
  serviceLevelThresholdSeconds: teams.serviceLevelThresholdSeconds,
  crmUrlTemplate: teams.crmUrlTemplate,
  createdAt: teams.createdAt,
  updatedAt: teams.updatedAt,
  archivedAt: teams.archivedAt,
};
