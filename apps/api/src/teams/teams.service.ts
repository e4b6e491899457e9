import { HttpStatus, Injectable } from '@nestjs/common';

import {
  ErrorCode,
  Permission,
  Role,
  TeamDetailView,
  TeamRole,
  TeamView,
  hasRoleAtLeast,
} from '@poscalls4u/contracts';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { AuthUser, UserDirectory } from '../identity/access';
import { DomainEvents } from '../platform/events';
import { AppException } from '../platform/http';
import { AddTeamMemberDto, CreateTeamDto, UpdateTeamDto } from './dto/team.dto';
import { TeamAccess } from './security-profiles/team-access.service';
import { MemberRecord, TeamWithCount, TeamsRepository } from './teams.repository';

const NO_SUCH_TEAM = 'No such team.';

/**
 * Teams and their members. Admins manage every team; members holding `team:members` there (its
 * supervisors by default, per the team's security profile) manage it; members read it. A team someone may not read is answered as
 * not found, so its existence does not leak.
 */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly repository: TeamsRepository,
    private readonly users: UserDirectory,
    private readonly events: DomainEvents,
    private readonly access: TeamAccess,
  ) {}

  async list(caller: AuthUser, includeArchived = false): Promise<TeamView[]> {
    const isAdmin = caller.role === Role.Admin;
    if (includeArchived && !isAdmin)
      throw AppException.forbidden('Only admins see archived teams.');
    const rows = await this.repository.list({
      memberId: isAdmin ? undefined : caller.id,
      includeArchived,
    });
    return rows.map(toTeamView);
  }

  async get(caller: AuthUser, teamId: string): Promise<TeamDetailView> {
    const team = await this.readable(caller, teamId);
    return {
      ...toTeamView(team),
      members: (await this.repository.members(teamId)).map(toMemberView),
    };
  }

  async create(caller: AuthUser, input: CreateTeamDto): Promise<TeamDetailView> {
    if (await this.repository.nameTaken(input.name))
      throw AppException.conflict('A team with this name already exists.');
    const team = await this.db.transaction(async (tx) => {
      const created = await this.repository.insert(
        {
          name: input.name,
          description: input.description ?? null,
          maxMembers: input.maxMembers ?? null,
          serviceLevelTargetPercent: input.serviceLevelTargetPercent,
          serviceLevelThresholdSeconds: input.serviceLevelThresholdSeconds,
          crmUrlTemplate: input.crmUrlTemplate ?? null,
        },
        tx,
      );
      if (!created) throw AppException.conflict('A team with this name already exists.');
      // A supervisor who creates a team supervises it; an admin manages every team anyway.
      if (caller.role === Role.Supervisor) {
        await this.repository.addMember(
          { teamId: created.id, userId: caller.id, role: 'supervisor' },
          tx,
        );
      }
      return created;
    });
    // The creator's live connections join the new team's rooms now, not on their next reconnect.
    if (caller.role === Role.Supervisor) {
      this.events.publish('team.membership.changed', {
        teamId: team.id,
        userId: caller.id,
        change: 'added',
      });
    }
    return this.get(caller, team.id);
  }

  async update(caller: AuthUser, teamId: string, input: UpdateTeamDto): Promise<TeamDetailView> {
    const team = await this.manageable(caller, teamId);
    if (input.name && (await this.repository.nameTaken(input.name, teamId))) {
      throw AppException.conflict('A team with this name already exists.');
    }
    if (input.maxMembers !== undefined && input.maxMembers < team.memberCount) {
      throw AppException.conflict(
        `The team already has ${team.memberCount} members; remove some before lowering the limit.`,
      );
    }
    await this.repository.update(teamId, input);
    return this.get(caller, teamId);
  }

  /** Archives: the team leaves every list and takes no more members, and its call history stays. */
  async archive(caller: AuthUser, teamId: string): Promise<TeamView> {
    const team = await this.readable(caller, teamId);
    if (team.archivedAt) throw AppException.conflict('The team is already archived.');
    const archived = await this.repository.update(teamId, { archivedAt: new Date() });
    this.events.publish('team.archived', { teamId });
    return toTeamView({ ...team, ...archived, memberCount: team.memberCount });
  }

  async addMember(
    caller: AuthUser,
    teamId: string,
    input: AddTeamMemberDto,
  ): Promise<TeamDetailView> {
    await this.manageable(caller, teamId);
    const user = await this.users.findById(input.userId);
    if (!user || !user.isActive) throw AppException.notFound('No such user.');
    if (input.role === 'supervisor' && !hasRoleAtLeast(user.role, Role.Supervisor)) {
      throw AppException.validation('Only supervisors and admins can supervise a team.', [
        {
          field: 'role',
          messages: ['this user is an agent; give them the agent role or promote them first'],
        },
      ]);
    }
    await this.db.transaction(async (tx) => {
      // The row lock serializes additions to one team, so two at once cannot both take the last place.
      const team = await this.repository.lock(teamId, tx);
      if (!team || team.archivedAt) throw AppException.conflict('The team is archived.');
      if (
        team.maxMembers !== null &&
        (await this.repository.countMembers(teamId, tx)) >= team.maxMembers
      ) {
        throw new AppException(
          ErrorCode.TeamFull,
          `The team is full (${team.maxMembers} members).`,
          HttpStatus.CONFLICT,
        );
      }
      const added = await this.repository.addMember(
        { teamId, userId: input.userId, role: input.role },
        tx,
      );
      if (!added) throw AppException.conflict('This user is already a member of the team.');
    });
    this.events.publish('team.membership.changed', {
      teamId,
      userId: input.userId,
      change: 'added',
    });
    return this.get(caller, teamId);
  }

  async removeMember(caller: AuthUser, teamId: string, userId: string): Promise<TeamDetailView> {
    await this.manageable(caller, teamId);
    if (!(await this.repository.removeMember(teamId, userId)))
      throw AppException.notFound('This user is not a member of the team.');
    this.events.publish('team.membership.changed', { teamId, userId, change: 'removed' });
    return this.get(caller, teamId);
  }

  /** The ids of the teams a user belongs to (for other features: routing, realtime rooms, stats). */
  async teamIdsOf(userId: string): Promise<string[]> {
    return (await this.repository.list({ memberId: userId, includeArchived: false })).map(
      (team) => team.id,
    );
  }

  /** The names of these teams that are not archived, without an access check (wallboards). */
  activeNames(teamIds: string[]): Promise<Map<string, string>> {
    return this.repository.activeNames(teamIds);
  }

  /** A team's name and its members' ids, without an access check (for the notification centre). */
  async audienceOf(teamId: string): Promise<{ name: string; memberIds: string[] } | undefined> {
    const team = await this.repository.findById(teamId);
    if (!team) return undefined;
    const members = await this.repository.members(teamId);
    return { name: team.name, memberIds: members.map((member) => member.userId) };
  }

  /** The ids of a team's supervisors (members with the team role supervisor), no access check. */
  async supervisorIdsOf(teamId: string): Promise<string[]> {
    return (await this.repository.members(teamId))
      .filter((member) => member.role === 'supervisor')
      .map((member) => member.userId);
  }

  /** Every active team's id and name, without an access check (the queues a transfer may name). */
  async activeTeams(): Promise<{ id: string; name: string }[]> {
    return (await this.repository.list({ includeArchived: false })).map((team) => ({
      id: team.id,
      name: team.name,
    }));
  }

  /** The ids of a team's agents (members with the team role agent), no access check (transfers). */
  async agentIdsOf(teamId: string): Promise<string[]> {
    return (await this.repository.members(teamId))
      .filter((member) => member.role === 'agent')
      .map((member) => member.userId);
  }

  /** The ids of a team's members, after checking the caller may read the team (404 otherwise). */
  async memberIdsFor(caller: AuthUser, teamId: string): Promise<string[]> {
    await this.readable(caller, teamId);
    return (await this.repository.members(teamId)).map((member) => member.userId);
  }

  /** The people the caller works with: everyone for admins, the members of their teams otherwise. */
  async colleagueIdsOf(caller: AuthUser): Promise<string[] | 'everyone'> {
    if (caller.role === Role.Admin) return 'everyone';
    const ids = new Set<string>([caller.id]);
    for (const teamId of await this.teamIdsOf(caller.id)) {
      for (const member of await this.repository.members(teamId)) ids.add(member.userId);
    }
    return [...ids];
  }

  private async readable(caller: AuthUser, teamId: string): Promise<TeamWithCount> {
    const team = await this.repository.findById(teamId);
    if (!team) throw AppException.notFound(NO_SUCH_TEAM);
    if (caller.role === Role.Admin) return team;
    if (team.archivedAt || !(await this.repository.membership(teamId, caller.id)))
      throw AppException.notFound(NO_SUCH_TEAM);
    return team;
  }

  private async manageable(caller: AuthUser, teamId: string): Promise<TeamWithCount> {
    const team = await this.readable(caller, teamId);
    await this.access.assertHolds(
      caller,
      teamId,
      Permission.TeamMembers,
      "Only the team's supervisors and admins manage it.",
    );
    return team;
  }
}

function toTeamView(team: TeamWithCount): TeamView {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    maxMembers: team.maxMembers,
    memberCount: team.memberCount,
    serviceLevelTargetPercent: team.serviceLevelTargetPercent,
    serviceLevelThresholdSeconds: team.serviceLevelThresholdSeconds,
    crmUrlTemplate: team.crmUrlTemplate,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
    archivedAt: team.archivedAt?.toISOString() ?? null,
  };
}

function toMemberView(member: MemberRecord): {
  userId: string;
  name: string;
  email: string;
  role: TeamRole;
  joinedAt: string;
} {
  return { ...member, joinedAt: member.joinedAt.toISOString() };
}
