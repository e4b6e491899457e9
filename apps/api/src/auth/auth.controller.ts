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

import { ProfileResult, SessionResult } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { ApiEnvelope, ApiErrors } from '../common/api-envelope';
import { ClientContext, RequestContext } from '../common/request-context';
import { SessionResultDto } from '../sessions/dto/session.dto';
import { sessionResponse } from '../sessions/session-cookie';
import { AuthUser } from './auth-user';
import { Authenticated, CurrentUser, Public } from './auth.decorators';
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
  @ApiOperation({
    summary: 'Sign up',
    description:
      'Creates an agent account (the first account of an empty system becomes admin) and sends a welcome email.',
  })
  @ApiEnvelope(SessionResultDto, {
    status: HttpStatus.CREATED,
    description: 'Signed up and signed in',
  })
  @ApiErrors(400, 403, 409, 413)
  async register(
    @Body() body: RegisterDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @ClientContext() context: RequestContext,
  ): Promise<SessionResult> {
    const issued = await this.auth.register(body, context);
    return sessionResponse(issued, request, response, this.config.auth.sessionMaxLifetimeSeconds);
  }

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiEnvelope(SessionResultDto, { description: 'Signed in' })
  @ApiErrors(400, 401)
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
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiEnvelope(ProfileResultDto, { description: 'The signed-in user' })
  profile(@CurrentUser() user: AuthUser): Promise<ProfileResult> {
    return this.auth.profile(user);
  }
}
