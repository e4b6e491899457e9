import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { MfaRequirementImpactResult, Role, SecuritySettingsResult } from '@poscalls4u/contracts';

import { ApiEnvelope, ApiErrors } from '../../../platform/http';
import { ClientContext, RequestContext } from '../../../platform/http';
import { AuthUser } from '../../access/auth-user';
import { Authenticated, CurrentUser } from '../../access/auth.decorators';
import { MfaRequirementImpactDto, SecuritySettingsDto } from './dto/security-settings.dto';
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

  @Get('security/mfa-impact')
  @ApiOperation({
    summary: 'Who requiring MFA would affect',
    description:
      'The active supervisors and admins who have not set up two-factor authentication: requiring it stops them until they enrol. Also says whether the caller has it (needed to switch the requirement on).',
  })
  @ApiEnvelope(MfaRequirementImpactDto, { key: 'impact', description: 'Who would be affected' })
  async mfaImpact(@CurrentUser() user: AuthUser): Promise<MfaRequirementImpactResult> {
    return { impact: await this.settings.mfaImpact(user) };
  }

  @Put('security')
  @ApiOperation({
    summary: 'Change the security policy',
    description:
      'Switching `requireMfaForPrivileged` on answers 409 `CONFLICT` when the calling admin has no two-factor authentication themselves.',
  })
  @ApiEnvelope(SecuritySettingsDto, {
    key: 'settings',
    description: 'The security policy as stored',
  })
  @ApiErrors(400, 409)
  async updateSecurity(
    @CurrentUser() user: AuthUser,
    @Body() body: SecuritySettingsDto,
    @ClientContext() context: RequestContext,
  ): Promise<SecuritySettingsResult> {
    return { settings: await this.settings.updateSecurity(user, body, context) };
  }
}
