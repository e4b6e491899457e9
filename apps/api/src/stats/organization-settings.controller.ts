import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { OrganizationSettings, Role } from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access/auth-user';
import { Authenticated, CurrentUser } from '../identity/access/auth.decorators';
import { ApiEnvelope, ApiErrors } from '../platform/http/api-envelope';
import { ClientContext, RequestContext } from '../platform/http/request-context';
import { OrganizationSettingsDto } from '../platform/settings/organization-settings.dto';
import { OrganizationSettingsService } from '../platform/settings/organization-settings.service';

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
    return this.settings.update(user, body, context);
  }
}
