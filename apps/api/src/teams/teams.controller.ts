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

import { Permission, Role, TeamDetailView, TeamView } from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors } from '../platform/http';
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
  @ApiEnvelope(TeamViewDto, { description: 'Teams by name', isArray: true })
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ListTeamsQueryDto): Promise<TeamView[]> {
    return this.teams.list(user, query.includeArchived ?? false);
  }

  @Post()
  @Authenticated({ permission: Permission.TeamsManage })
  @ApiOperation({
    summary: 'Create a team (supervisor+)',
    description: 'A supervisor who creates a team supervises it.',
  })
  @ApiEnvelope(TeamDetailViewDto, { status: HttpStatus.CREATED, description: 'Created' })
  @ApiErrors(400, 409)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateTeamDto): Promise<TeamDetailView> {
    return this.teams.create(user, body);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'A team with its members' })
  @ApiEnvelope(TeamDetailViewDto, { description: 'The team' })
  @ApiErrors(400, 404)
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<TeamDetailView> {
    return this.teams.get(user, id);
  }

  @Put(':id')
  @Authenticated({ permission: Permission.TeamMembers })
  @ApiOperation({ summary: 'Update a team (its supervisors, admins)' })
  @ApiEnvelope(TeamDetailViewDto, { description: 'Updated' })
  @ApiErrors(400, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateTeamDto,
  ): Promise<TeamDetailView> {
    return this.teams.update(user, id, body);
  }

  @Delete(':id')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({
    summary: 'Archive a team (admin)',
    description: 'Archived, never deleted: its call history stays.',
  })
  @ApiEnvelope(TeamViewDto, { description: 'Archived' })
  @ApiErrors(400, 404, 409)
  archive(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<TeamView> {
    return this.teams.archive(user, id);
  }

  @Post(':id/members')
  @Authenticated({ permission: Permission.TeamMembers })
  @ApiOperation({
    summary: 'Add a member (its supervisors, admins)',
    description: '409 TEAM_FULL when the team has maxMembers members.',
  })
  @ApiEnvelope(TeamDetailViewDto, { status: HttpStatus.CREATED, description: 'Added' })
  @ApiErrors(400, 404, 409)
  addMember(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddTeamMemberDto,
  ): Promise<TeamDetailView> {
    return this.teams.addMember(user, id, body);
  }

  @Delete(':id/members/:userId')
  @Authenticated({ permission: Permission.TeamMembers })
  @ApiOperation({ summary: 'Remove a member (its supervisors, admins)' })
  @ApiEnvelope(TeamDetailViewDto, { description: 'Removed' })
  @ApiErrors(400, 404)
  removeMember(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<TeamDetailView> {
    return this.teams.removeMember(user, id, userId);
  }
}
