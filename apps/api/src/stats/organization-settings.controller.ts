import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { OrganizationSettingsResult, Role } from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors } from '../platform/http';
import { ClientContext, RequestContext } from '../platform/http';
import { OrganizationSettingsDto } from '../platform/settings';
import { OrganizationSettingsService } from '../platform/settings';

@ApiTags('settings')
@Controller('settings/organization')
@Authenticated({ role: Role.Admin })
export class OrganizationSettingsController {
  constructor(private readonly settings: OrganizationSettingsService) {}

  @Get()
  @ApiOperation({
    summary: "Read the organisation's statistics settings (time zone, short abandons)",
  })
  @ApiEnvelope(OrganizationSettingsDto, {
    key: 'settings',
    description: 'The organisation settings',
  })
  async get(): Promise<OrganizationSettingsResult> {
    return { settings: await this.settings.get() };
  }

  @Put()
  @ApiOperation({ summary: "Change the organisation's statistics settings" })
  @ApiEnvelope(OrganizationSettingsDto, {
    key: 'settings',
    description: 'The organisation settings as stored',
  })
  @ApiErrors(400)
  async update(
    @CurrentUser() user: AuthUser,
    @Body() body: OrganizationSettingsDto,
    @ClientContext() context: RequestContext,
  ): Promise<OrganizationSettingsResult> {
    return { settings: await this.settings.update(user.id, body, context) };
  }
}
