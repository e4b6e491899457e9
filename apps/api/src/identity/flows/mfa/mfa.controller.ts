import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { MfaEnableResult, MfaSetupResult, SessionResult } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { ApiEnvelope, ApiErrors } from '../../../platform/http';
import { ClientContext, RequestContext } from '../../../platform/http';
import { AuthUser } from '../../access/auth-user';
import { Authenticated, CurrentUser, Public } from '../../access/auth.decorators';
import { AllowWithoutMfa } from '../../access/mfa-policy.decorator';
import { SessionResultDto } from '../sessions/dto/session.dto';
import { sessionResponse } from '../sessions/session-cookie';
import {
  MfaDisableDto,
  MfaEnableDto,
  MfaEnableResultDto,
  MfaRecoveryCodesDto,
  MfaSetupResultDto,
  MfaStatusDto,
  MfaVerifyDto,
} from './dto/mfa.dto';
import { MfaService } from './mfa.service';

@ApiTags('auth')
@Controller('auth/mfa')
export class MfaController {
  constructor(
    private readonly mfa: MfaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('setup')
  @Authenticated()
  @AllowWithoutMfa()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start setting up two-factor authentication',
    description:
      'Creates a new TOTP secret (stored encrypted, not yet active) and answers it with its otpauth:// URI and QR code. Confirm with `POST auth/mfa/enable`.',
  })
  @ApiEnvelope(MfaSetupResultDto, { description: 'Secret to scan' })
  @ApiErrors(409, 429)
  setup(@CurrentUser() user: AuthUser): Promise<MfaSetupResult> {
    return this.mfa.setup(user);
  }

  @Post('enable')
  @Authenticated()
  @AllowWithoutMfa()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Turn two-factor authentication on',
    description:
      'Confirms the set-up with a current code and answers ten single-use recovery codes, shown only this once.',
  })
  @ApiEnvelope(MfaEnableResultDto, { description: 'Two-factor authentication is on' })
  @ApiErrors(400, 409, 429)
  enable(
    @CurrentUser() user: AuthUser,
    @Body() body: MfaEnableDto,
    @ClientContext() context: RequestContext,
  ): Promise<MfaEnableResult> {
    return this.mfa.enable(user, body.code, context);
  }

  @Post('disable')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Turn two-factor authentication off',
    description:
      'Needs the current password and a code (or a recovery code); removes the secret and the recovery codes. Wrong attempts count toward the lockout.',
  })
  @ApiEnvelope(MfaStatusDto, { description: 'Two-factor authentication is off' })
  @ApiErrors(400, 409, 429)
  async disable(
    @CurrentUser() user: AuthUser,
    @Body() body: MfaDisableDto,
    @ClientContext() context: RequestContext,
  ): Promise<MfaStatusDto> {
    await this.mfa.disable(user, body, context);
    return { enabled: false };
  }

  @Post('recovery-codes')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'New recovery codes',
    description: 'Replaces all recovery codes with ten new ones (a current TOTP code is required).',
  })
  @ApiEnvelope(MfaEnableResultDto, { description: 'The new recovery codes, shown once' })
  @ApiErrors(400, 409, 429)
  recoveryCodes(
    @CurrentUser() user: AuthUser,
    @Body() body: MfaRecoveryCodesDto,
    @ClientContext() context: RequestContext,
  ): Promise<MfaEnableResult> {
    return this.mfa.regenerateRecoveryCodes(user, body.code, context);
  }

  @Post('verify')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Complete a sign-in with a code',
    description:
      'Sends the challenge token of the `MFA_REQUIRED` answer with a current TOTP code or an unused recovery code. A code works once; wrong codes count toward the lockout.',
  })
  @ApiEnvelope(SessionResultDto, { description: 'Signed in' })
  @ApiErrors(400, 401, 429)
  async verify(
    @Body() body: MfaVerifyDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @ClientContext() context: RequestContext,
  ): Promise<SessionResult> {
    const issued = await this.mfa.verify(body.challengeToken, body.code, context);
    return sessionResponse(issued, request, response, this.config.auth.sessionMaxLifetimeSeconds);
  }
}
