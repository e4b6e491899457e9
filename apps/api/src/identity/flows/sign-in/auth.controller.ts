import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { ProfileResult, RegisterResult, SessionResult } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { ApiEnvelope, ApiErrors } from '../../../platform/http';
import { ClientContext, RequestContext } from '../../../platform/http';
import { RateLimit } from '../../../platform/rate-limit';
import { AuthUser } from '../../access/auth-user';
import { Authenticated, CurrentUser, Public } from '../../access/auth.decorators';
import { AllowWithoutMfa } from '../../access/mfa-policy.decorator';
import { MessageResultDto } from '../account/dto/account-result.dto';
import { SessionResultDto } from '../sessions/dto/session.dto';
import { sessionResponse } from '../sessions/session-cookie';
import { AuthService } from './auth.service';
import { ProfileResultDto } from './dto/auth-result.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('register')
  @Public()
  @RateLimit('auth')
  @ApiOperation({
    summary: 'Sign up',
    description:
      'Creates an agent account (the first account of an empty system becomes admin) and sends a verification email; sign-in works once the address is confirmed. The answer is the same when the email already has an account (its owner gets an email instead).',
  })
  @ApiEnvelope(MessageResultDto, {
    status: HttpStatus.CREATED,
    description: 'Check your email',
  })
  @ApiErrors(400, 403, 413, 429)
  register(
    @Body() body: RegisterDto,
    @ClientContext() context: RequestContext,
  ): Promise<RegisterResult> {
    return this.auth.register(body, context);
  }

  @Post('login')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with email and password',
    description:
      'Unknown email, wrong password, locked or deactivated account: the same 401. An unconfirmed email answers 403 `EMAIL_NOT_VERIFIED`; an MFA user gets 401 `MFA_REQUIRED` with `error.mfa` to complete with `POST auth/mfa/verify`.',
  })
  @ApiEnvelope(SessionResultDto, { description: 'Signed in' })
  @ApiErrors(400, 401, 403, 429)
  async login(
    @Body() body: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @ClientContext() context: RequestContext,
  ): Promise<SessionResult> {
    const issued = await this.auth.login(body, context);
    return sessionResponse(issued, request, response, this.config.auth.sessionMaxLifetimeSeconds);
  }

  @Get('profile')
  @Authenticated()
  // The profile page is where a user the policy stops sets up MFA: it must load for them.
  @AllowWithoutMfa()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiEnvelope(ProfileResultDto, { description: 'The signed-in user' })
  profile(@CurrentUser() user: AuthUser): Promise<ProfileResult> {
    return this.auth.profile(user);
  }
}
