import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Role, SecuritySettingsResult } from '@poscalls4u/contracts';

import { ApiEnvelope, ApiErrors } from '../../../platform/http';
import { ClientContext, RequestContext } from '../../../platform/http';
import { AuthUser } from '../../access/auth-user';
import { Authenticated, CurrentUser } from '../../access/auth.decorators';
import { SecuritySettingsDto } from './dto/security-settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
@Authenticated({ role: Role.Admin })
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('security')
  @ApiOperation({ summary: 'Read the security policy' })
  @ApiEnvelope(SecuritySettingsDto, { key: 'settings', description: 'The security policy' })
  async getSecurity(): Promise<SecuritySettingsResult> {
    return { settings: await this.settings.getSecurity() };
  }

  @Put('security')
  @ApiOperation({ summary: 'Change the security policy' })
  @ApiEnvelope(SecuritySettingsDto, {
    key: 'settings',
    description: 'The security policy as stored',
  })
  @ApiErrors(400)
  async updateSecurity(
    @CurrentUser() user: AuthUser,
    @Body() body: SecuritySettingsDto,
    @ClientContext() context: RequestContext,
  ): Promise<SecuritySettingsResult> {
    return { settings: await this.settings.updateSecurity(user, body, context) };
  }
}
