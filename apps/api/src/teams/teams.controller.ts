import {
  Body,
  Controller,
  Delete,
  Get,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  ArchivedTeamResult,
  Page,
  Permission,
  Role,
  TeamResult,
  TeamView,
} from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors, pageOf } from '../platform/http';
import {
  AddTeamMemberDto,
  CreateTeamDto,
  ListTeamsQueryDto,
  TeamDetailViewDto,
  TeamViewDto,
  UpdateTeamDto,
} from './dto/team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Teams',
    description: 'Admins see every team; supervisors and agents the teams they belong to.',
  })
  @ApiEnvelope(TeamViewDto, { description: 'Teams by name, one page', page: true })
  @ApiErrors(400)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListTeamsQueryDto,
  ): Promise<Page<TeamView>> {
    return pageOf(await this.teams.list(user, query.includeArchived ?? false), query);
  }

  @Post()
  @Authenticated({ permission: Permission.TeamsManage })
  @ApiOperation({
    summary: 'Create a team (supervisor+)',
    description: 'A supervisor who creates a team supervises it.',
  })
  @ApiEnvelope(TeamDetailViewDto, {
    key: 'team',
    status: HttpStatus.CREATED,
    description: 'Created',
  })
  @ApiErrors(400, 409)
  async create(@CurrentUser() user: AuthUser, @Body() body: CreateTeamDto): Promise<TeamResult> {
    return { team: await this.teams.create(user, body) };
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'A team with its members' })
  @ApiEnvelope(TeamDetailViewDto, { key: 'team', description: 'The team' })
  @ApiErrors(400, 404)
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<TeamResult> {
    return { team: await this.teams.get(user, id) };
  }

  @Put(':id')
  @Authenticated({ permission: Permission.TeamMembers })
  @ApiOperation({ summary: 'Update a team (its supervisors, admins)' })
  @ApiEnvelope(TeamDetailViewDto, { key: 'team', description: 'Updated' })
  @ApiErrors(400, 404, 409)
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateTeamDto,
  ): Promise<TeamResult> {
    return { team: await this.teams.update(user, id, body) };
  }

  @Delete(':id')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({
    summary: 'Archive a team (admin)',
    description: 'Archived, never deleted: its call history stays.',
  })
  @ApiEnvelope(TeamViewDto, { key: 'team', description: 'Archived' })
  @ApiErrors(400, 404, 409)
  async archive(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ArchivedTeamResult> {
    return { team: await this.teams.archive(user, id) };
  }

  @Post(':id/members')
  @Authenticated({ permission: Permission.TeamMembers })
  @ApiOperation({
    summary: 'Add a member (its supervisors, admins)',
    description: '409 TEAM_FULL when the team has maxMembers members.',
  })
  @ApiEnvelope(TeamDetailViewDto, { key: 'team', status: HttpStatus.CREATED, description: 'Added' })
  @ApiErrors(400, 404, 409)
  async addMember(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddTeamMemberDto,
  ): Promise<TeamResult> {
    return { team: await this.teams.addMember(user, id, body) };
  }

  @Delete(':id/members/:userId')
  @Authenticated({ permission: Permission.TeamMembers })
  @ApiOperation({ summary: 'Remove a member (its supervisors, admins)' })
  @ApiEnvelope(TeamDetailViewDto, { key: 'team', description: 'Removed' })
  @ApiErrors(400, 404)
  async removeMember(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<TeamResult> {
    return { team: await this.teams.removeMember(user, id, userId) };
  }
}
