import { Injectable } from '@nestjs/common';
import { and, eq, isNull } from 'drizzle-orm';

import {
  TeamMembershipProfile,
  TeamPermission,
  TeamRole,
  TeamSecurityProfile,
  isTeamPermission,
} from '@poscalls4u/contracts';
import {
  Database,
  InjectDatabase,
  TeamSecurityProfileRow,
  teamMembers,
  teamSecurityProfiles,
  teams,
} from '@poscalls4u/server-database';

/** The SQL of `team_security_profiles`, and the memberships permissions are computed from. */
@Injectable()
export class SecurityProfilesRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async find(teamId: string, executor: Database = this.db): Promise<TeamSecurityProfile | null> {
    const [row] = await executor
      .select()
      .from(teamSecurityProfiles)
      .where(eq(teamSecurityProfiles.teamId, teamId))
      .limit(1);
    return row ? toProfile(row) : null;
  }

  async put(
    teamId: string,
    profile: TeamSecurityProfile,
    updatedBy: string,
    executor: Database,
  ): Promise<void> {
    const values = {
      agentsGrant: profile.agents.grant,
      agentsWithhold: profile.agents.withhold,
      supervisorsGrant: profile.supervisors.grant,
      supervisorsWithhold: profile.supervisors.withhold,
      updatedBy,
      updatedAt: new Date(),
    };
    await executor
      .insert(teamSecurityProfiles)
      .values({ teamId, ...values })
      .onConflictDoUpdate({ target: teamSecurityProfiles.teamId, set: values });
  }

  /** The teams (not archived) a user belongs to, with their team role and the team's profile. */
  async membershipsOf(userId: string): Promise<TeamMembershipProfile[]> {
    const rows = await this.db
      .select({
        teamId: teamMembers.teamId,
        teamRole: teamMembers.role,
        profile: teamSecurityProfiles,
      })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .leftJoin(teamSecurityProfiles, eq(teamSecurityProfiles.teamId, teamMembers.teamId))
      .where(and(eq(teamMembers.userId, userId), isNull(teams.archivedAt)));
    return rows.map((row) => ({
      teamId: row.teamId,
      teamRole: row.teamRole,
      profile: row.profile ? toProfile(row.profile) : null,
    }));
  }

  /** The teams (not archived) a user belongs to, with their team role there. */
  async teamRolesOf(userId: string): Promise<{ teamId: string; teamRole: TeamRole }[]> {
    return this.db
      .select({ teamId: teamMembers.teamId, teamRole: teamMembers.role })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(and(eq(teamMembers.userId, userId), isNull(teams.archivedAt)));
  }

  /** The ids of a team's members (for the realtime rooms after a profile change). */
  async memberIds(teamId: string): Promise<string[]> {
    const rows = await this.db
      .select({ userId: teamMembers.userId })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, teamId));
    return rows.map((row) => row.userId);
  }
}

/** A stored list keeps only the permissions the vocabulary still knows. */
const known = (values: string[]): TeamPermission[] => values.filter(isTeamPermission);

function toProfile(row: TeamSecurityProfileRow): TeamSecurityProfile {
  return {
    agents: { grant: known(row.agentsGrant), withhold: known(row.agentsWithhold) },
    supervisors: { grant: known(row.supervisorsGrant), withhold: known(row.supervisorsWithhold) },
  };
}
