import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { MyPermissionsResult, Permission, TeamSecurityProfileResult } from '@poscalls4u/contracts';

import { AuthUser } from '../../identity/access';
import { Authenticated, CurrentUser } from '../../identity/access';
import { ApiEnvelope, ApiErrors, ClientContext, RequestContext } from '../../platform/http';
import { MyPermissionsViewDto, TeamSecurityProfileDto } from './dto/security-profile.dto';
import { SecurityProfilesService } from './security-profiles.service';
import { TeamAccess } from './team-access.service';

@ApiTags('teams')
@Controller('teams/:id/security-profile')
export class SecurityProfilesController {
  constructor(private readonly profiles: SecurityProfilesService) {}

  @Get()
  @Authenticated({ permission: Permission.SecurityProfilesManage })
  @ApiOperation({
    summary: "A team's security profile (admin)",
    description:
      'The team permissions the team grants or withholds, for its agents and its supervisors, on top of their defaults. Empty lists: the defaults.',
  })
  @ApiEnvelope(TeamSecurityProfileDto, { key: 'securityProfile', description: 'The profile' })
  @ApiErrors(400, 404)
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<TeamSecurityProfileResult> {
    return { securityProfile: await this.profiles.get(id) };
  }

  @Put()
  @Authenticated({ permission: Permission.SecurityProfilesManage })
  @ApiOperation({
    summary: "Set a team's security profile (admin)",
    description:
      'Replaces the profile. 400 for an unknown or organisation-wide permission, or one granted and withheld at once. Audited; live connections follow at once.',
  })
  @ApiEnvelope(TeamSecurityProfileDto, {
    key: 'securityProfile',
    description: 'The profile now',
  })
  @ApiErrors(400, 404)
  async put(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TeamSecurityProfileDto,
    @ClientContext() context: RequestContext,
  ): Promise<TeamSecurityProfileResult> {
    return { securityProfile: await this.profiles.put(user, id, body, context) };
  }
}

@ApiTags('auth')
@Controller('auth/permissions')
export class MyPermissionsController {
  constructor(private readonly access: TeamAccess) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'My permissions',
    description:
      'What the signed-in user may do: `global` holds everywhere (for admins, every permission in every team); `teams` lists, for each of their teams, the team permissions they hold there after its security profile. The consoles hide what is not here.',
  })
  @ApiEnvelope(MyPermissionsViewDto, { key: 'permissions', description: 'My permissions' })
  async mine(@CurrentUser() user: AuthUser): Promise<MyPermissionsResult> {
    return { permissions: await this.access.permissionsOf(user) };
  }
}
