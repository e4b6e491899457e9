import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  AgentSkillsResult,
  AgentSkillsView,
  Page,
  Permission,
  SkillResult,
  SkillView,
  TeamRoutingResult,
} from '@poscalls4u/contracts';

import { AuthUser, Authenticated, CurrentUser } from '../../identity/access';
import { ApiEnvelope, ApiErrors, PageQueryDto, pageOf } from '../../platform/http';
import {
  AgentSkillsViewDto,
  CreateSkillDto,
  SetAgentSkillsDto,
  SkillIdParamDto,
  SkillViewDto,
  TeamIdParamDto,
  TeamRoutingViewDto,
  UpdateTeamRoutingDto,
  UserIdParamDto,
} from './skills.dto';
import { SkillsService } from './skills.service';

@ApiTags('calls')
@Controller('skills')
export class SkillsController {
  constructor(private readonly skills: SkillsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'The skills catalogue',
    description: "The organisation's routing skills, by name.",
  })
  @ApiEnvelope(SkillViewDto, { description: 'Skills, one page', page: true })
  @ApiErrors(400)
  async list(@Query() query: PageQueryDto): Promise<Page<SkillView>> {
    return pageOf(await this.skills.list(), query);
  }

  @Post()
  @Authenticated({ permission: Permission.SkillsManage })
  @ApiOperation({
    summary: 'Add a skill (admins, supervisors)',
    description: '409 CONFLICT when the name is taken (case-insensitively).',
  })
  @ApiEnvelope(SkillViewDto, { key: 'skill', status: HttpStatus.CREATED, description: 'Added' })
  @ApiErrors(400, 409)
  async create(@Body() body: CreateSkillDto): Promise<SkillResult> {
    return { skill: await this.skills.create(body) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated({ permission: Permission.SkillsManage })
  @ApiOperation({
    summary: 'Remove a skill (admins, supervisors)',
    description: 'Agents lose it and teams stop requiring it; calls already queued keep theirs.',
  })
  @ApiErrors(400, 404)
  async delete(@Param() params: SkillIdParamDto): Promise<void> {
    await this.skills.delete(params.id);
  }

  @Get('agents')
  @Authenticated({ permission: Permission.TeamMembers })
  @ApiOperation({
    summary: 'The skills of the agents I supervise',
    description:
      'Agents with at least one skill in the teams where I hold `team:members` (admins: all), for the agent grid.',
  })
  @ApiEnvelope(AgentSkillsViewDto, { description: 'Agents and their skills, one page', page: true })
  @ApiErrors(400)
  async skillsOfMyAgents(
    @CurrentUser() user: AuthUser,
    @Query() query: PageQueryDto,
  ): Promise<Page<AgentSkillsView>> {
    return pageOf(await this.skills.skillsOfMyAgents(user), query);
  }

  @Get('agents/:userId')
  @Authenticated()
  @ApiOperation({
    summary: "An agent's skills",
    description:
      "The agent themselves, the supervisors of the agent's teams (`team:members`) and admins; 404 for anyone else.",
  })
  @ApiEnvelope(AgentSkillsViewDto, { key: 'agent', description: 'The skills and levels' })
  @ApiErrors(400, 404)
  async agentSkills(
    @CurrentUser() user: AuthUser,
    @Param() params: UserIdParamDto,
  ): Promise<AgentSkillsResult> {
    return { agent: await this.skills.agentSkills(user, params.userId) };
  }

  @Put('agents/:userId')
  @Authenticated()
  @ApiOperation({
    summary: "Set an agent's skills (the supervisors of the agent's teams, admins)",
    description:
      '`{ "skills": [{ "skillId": "...", "level": 4 }] }` replaces the list (levels 1-5, each skill once, at most 20). 400 for a skill not in the catalogue; 403 for the agent themselves; 404 for anyone else.',
  })
  @ApiEnvelope(AgentSkillsViewDto, { key: 'agent', description: 'The skills as stored' })
  @ApiErrors(400, 403, 404)
  async setAgentSkills(
    @CurrentUser() user: AuthUser,
    @Param() params: UserIdParamDto,
    @Body() body: SetAgentSkillsDto,
  ): Promise<AgentSkillsResult> {
    return { agent: await this.skills.setAgentSkills(user, params.userId, body) };
  }

  @Get('teams/:teamId')
  @Authenticated()
  @ApiOperation({
    summary: "A team's routing: default required skills, widening wait, transferred calls' place",
    description: 'Holders of `team:members` in the team (its supervisors) and admins.',
  })
  @ApiEnvelope(TeamRoutingViewDto, { key: 'routing', description: "The team's routing" })
  @ApiErrors(400, 403, 404)
  async teamRouting(
    @CurrentUser() user: AuthUser,
    @Param() params: TeamIdParamDto,
  ): Promise<TeamRoutingResult> {
    return { routing: await this.skills.teamRouting(user, params.teamId) };
  }

  @Put('teams/:teamId')
  @Authenticated()
  @ApiOperation({
    summary: "Set a team's default required skills, widening wait and transferred calls' place",
    description:
      '`{ "requiredSkills": [{ "skillId": "...", "minLevel": 3 }], "widenAfterSeconds": 30, "transferredCalls": "keep" }`: calls queued from now on require these unless the PBX names their own; calls transferred to the team from now on `keep` their place in its queue (their arrival) or go to the `back` (omitted: unchanged). 400 for a skill not in the catalogue; 403 without `team:members`; 404 a team you cannot read.',
  })
  @ApiEnvelope(TeamRoutingViewDto, { key: 'routing', description: 'As stored' })
  @ApiErrors(400, 403, 404)
  async setTeamRouting(
    @CurrentUser() user: AuthUser,
    @Param() params: TeamIdParamDto,
    @Body() body: UpdateTeamRoutingDto,
  ): Promise<TeamRoutingResult> {
    return { routing: await this.skills.setTeamRouting(user, params.teamId, body) };
  }
}
