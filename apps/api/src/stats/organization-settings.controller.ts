import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { OrganizationSettings, Role } from '@poscalls4u/contracts';

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
  @ApiEnvelope(OrganizationSettingsDto, { description: 'The organisation settings' })
  get(): Promise<OrganizationSettings> {
    return this.settings.get();
  }

  @Put()
  @ApiOperation({ summary: "Change the organisation's statistics settings" })
  @ApiEnvelope(OrganizationSettingsDto, { description: 'The organisation settings as stored' })
  @ApiErrors(400)
  update(
    @CurrentUser() user: AuthUser,
    @Body() body: OrganizationSettingsDto,
    @ClientContext() context: RequestContext,
  ): Promise<OrganizationSettings> {
    return this.settings.update(user.id, body, context);
  }
}
