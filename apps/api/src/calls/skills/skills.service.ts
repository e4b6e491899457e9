import { Injectable } from '@nestjs/common';

import {
  AgentSkillsView,
  DEFAULT_TRANSFERRED_CALLS,
  DEFAULT_WIDEN_AFTER_SECONDS,
  Permission,
  Role,
  SkillView,
  TeamRoutingView,
  ValidationIssue,
} from '@poscalls4u/contracts';
import { Database, InjectDatabase, SkillRow } from '@poscalls4u/server-database';

import { AuthUser } from '../../identity/access';
import { AppException } from '../../platform/http';
import { TeamAccess, TeamsService } from '../../teams';
import { CallReadModelRepository } from '../core/call-read-model.repository';
import {
  CreateSkillDto,
  RequiredSkillInputDto,
  SetAgentSkillsDto,
  UpdateTeamRoutingDto,
} from './skills.dto';
import { SkillsRepository } from './skills.repository';

/** PostgreSQL's foreign-key violation: the agent named does not exist. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Skills-based routing's settings: the organisation's catalogue (`skills:manage`: admins and
 * supervisors), each agent's skills with a level (edited by the supervisors of the agent's teams,
 * `team:members`), and each team's default required skills and widening wait (`team:members` in
 * the team). What a call requires is read from here when it is queued.
 */
@Injectable()
export class SkillsService {
  constructor(
    private readonly repository: SkillsRepository,
    private readonly teams: TeamsService,
    private readonly access: TeamAccess,
    private readonly readModel: CallReadModelRepository,
    @InjectDatabase() private readonly db: Database,
  ) {}

  async list(): Promise<SkillView[]> {
    return (await this.repository.list()).map(toSkillView);
  }

  async create(input: CreateSkillDto): Promise<SkillView> {
    const row = await this.repository.insert(input.name, input.description || null);
    if (!row) throw AppException.conflict(`A skill named "${input.name}" already exists.`);
    return toSkillView(row);
  }

  /** Agents lose the skill and teams stop requiring it. */
  async delete(id: string): Promise<void> {
    if (!(await this.repository.delete(id))) throw AppException.notFound('No such skill.');
  }

  /**
   * The skills of the agents in the teams where the caller holds `team:members` (admins: every
   * agent who has some): the dashboard's agent grid shows them.
   */
  async skillsOfMyAgents(caller: AuthUser): Promise<AgentSkillsView[]> {
    const teams = await this.access.teamsHolding(caller, Permission.TeamMembers);
    const byAgent = await this.repository.skillsByAgent(teams);
    return [...byAgent].map(([userId, list]) => ({ userId, skills: list }));
  }

  /** The agent themselves, the supervisors of their teams (`team:members`) and admins read them. */
  async agentSkills(caller: AuthUser, userId: string): Promise<AgentSkillsView> {
    if (caller.id !== userId && !(await this.supervisesAgent(caller, userId))) {
      throw AppException.notFound('No such agent.');
    }
    return { userId, skills: await this.repository.agentSkills(userId) };
  }

  /** The supervisors of the agent's teams and admins set them; the list replaces the old one. */
  async setAgentSkills(
    caller: AuthUser,
    userId: string,
    input: SetAgentSkillsDto,
  ): Promise<AgentSkillsView> {
    if (!(await this.supervisesAgent(caller, userId))) {
      if (caller.id === userId) {
        throw AppException.forbidden("Your skills are set by your team's supervisors.");
      }
      throw AppException.notFound('No such agent.');
    }
    await this.assertKnown(
      input.skills.map((item) => item.skillId),
      'skills',
    );
    try {
      await this.repository.setAgentSkills(
        userId,
        input.skills.map(({ skillId, level }) => ({ skillId, level })),
      );
    } catch (error) {
      // Deleted meanwhile (a skill, or the user): the list as asked no longer applies.
      if (hasCode(error, FOREIGN_KEY_VIOLATION)) throw AppException.notFound('No such agent.');
      throw error;
    }
    return { userId, skills: await this.repository.agentSkills(userId) };
  }

  async teamRouting(caller: AuthUser, teamId: string): Promise<TeamRoutingView> {
    await this.assertManagesTeam(caller, teamId);
    return this.routingView(teamId);
  }

  async setTeamRouting(
    caller: AuthUser,
    teamId: string,
    input: UpdateTeamRoutingDto,
  ): Promise<TeamRoutingView> {
    await this.assertManagesTeam(caller, teamId);
    await this.assertKnown(
      input.requiredSkills.map((item) => item.skillId),
      'requiredSkills',
    );
    const current = await this.repository.teamRouting(teamId);
    await this.repository.setTeamRouting(teamId, {
      requiredSkills: input.requiredSkills.map(({ skillId, minLevel }: RequiredSkillInputDto) => ({
        skillId,
        minLevel,
      })),
      widenAfterSeconds:
        input.widenAfterSeconds ?? current?.widenAfterSeconds ?? DEFAULT_WIDEN_AFTER_SECONDS,
      transferredCalls:
        input.transferredCalls ?? current?.transferredCalls ?? DEFAULT_TRANSFERRED_CALLS,
    });
    return this.routingView(teamId);
  }

  private async routingView(teamId: string): Promise<TeamRoutingView> {
    const routing = await this.repository.teamRouting(teamId);
    const required = routing?.requiredSkills ?? [];
    const names = await this.repository.names(required.map((item) => item.skillId));
    return {
      teamId,
      requiredSkills: required.map((item) => ({ ...item, name: names.get(item.skillId) ?? '' })),
      widenAfterSeconds: routing?.widenAfterSeconds ?? DEFAULT_WIDEN_AFTER_SECONDS,
      transferredCalls: routing?.transferredCalls ?? DEFAULT_TRANSFERRED_CALLS,
    };
  }

  /** Admins (for a user who exists); or holders of `team:members` in one of the user's teams. */
  private async supervisesAgent(caller: AuthUser, userId: string): Promise<boolean> {
    if (caller.role === Role.Admin) {
      return (await this.readModel.agentContact(this.db, userId)) !== undefined;
    }
    const managed = await this.access.teamsHolding(caller, Permission.TeamMembers);
    if (managed === 'all') return true;
    const teamsOfAgent = await this.teams.teamIdsOf(userId);
    return teamsOfAgent.some((teamId) => managed.includes(teamId));
  }

  /** 404 for a team the caller cannot read, 403 without `team:members` in it. */
  private async assertManagesTeam(caller: AuthUser, teamId: string): Promise<void> {
    await this.teams.get(caller, teamId);
    await this.access.assertHolds(
      caller,
      teamId,
      Permission.TeamMembers,
      "Only the team's supervisors and admins set its routing.",
    );
  }

  /** 400 naming the list when a skill is not in the catalogue or is listed twice. */
  private async assertKnown(ids: string[], field: string): Promise<void> {
    const issues: ValidationIssue[] = [];
    if (new Set(ids).size !== ids.length) {
      issues.push({ field, messages: [`${field} lists a skill twice`] });
    }
    const known = await this.repository.names([...new Set(ids)]);
    ids.forEach((id, index) => {
      if (!known.has(id)) {
        issues.push({
          field: `${field}.${index}.skillId`,
          messages: ['no such skill: choose one from GET /api/skills'],
        });
      }
    });
    if (issues.length > 0) throw AppException.validation('The request is invalid.', issues);
  }
}

function toSkillView(row: SkillRow): SkillView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
  };
}

function hasCode(error: unknown, code: string): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === code) return true;
  }
  return false;
}
