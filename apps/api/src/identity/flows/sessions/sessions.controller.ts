import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import {
  AuditAction,
  Page,
  SessionResult,
  SessionView,
  SessionsEnded,
} from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { AuditService } from '../../../platform/audit';
import { ApiEnvelope, ApiErrors, PageQueryDto, pageOf } from '../../../platform/http';
import { AppException } from '../../../platform/http';
import { ClientContext, RequestContext } from '../../../platform/http';
import { AuthUser } from '../../access/auth-user';
import { Authenticated, CurrentUser, Public } from '../../access/auth.decorators';
import { AllowWithoutMfa } from '../../access/mfa-policy.decorator';
import { RefreshDto, SessionResultDto, SessionViewDto, SessionsEndedDto } from './dto/session.dto';
import { clearRefreshCookie, refreshTokenOf, sessionResponse } from './session-cookie';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('auth')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'New access token',
    description:
      'Rotates the refresh token: the answer carries a new one and the one sent stops working. Sending a used refresh token again ends the session.',
  })
  @ApiEnvelope(SessionResultDto, { description: 'Refreshed' })
  @ApiErrors(400, 401)
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @ClientContext() context: RequestContext,
  ): Promise<SessionResult> {
    const token = refreshTokenOf(request, body.refreshToken);
    if (!token) throw AppException.unauthorized('A refresh token is required.');
    try {
      const issued = await this.sessions.refresh(token, context);
      return sessionResponse(issued, request, response, this.config.auth.sessionMaxLifetimeSeconds);
    } catch (error) {
      clearRefreshCookie(response);
      throw error;
    }
  }

  @Post('logout')
  @Authenticated()
  @AllowWithoutMfa()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign out this session',
    description: 'Its access and refresh tokens stop working at once.',
  })
  @ApiEnvelope(SessionsEndedDto, { description: 'Signed out' })
  async logout(
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) response: Response,
    @ClientContext() context: RequestContext,
  ): Promise<SessionsEnded> {
    await this.sessions.revoke(user.sessionId, user.id, 'logout');
    clearRefreshCookie(response);
    await this.audit.record({
      action: AuditAction.Logout,
      outcome: 'success',
      context,
      actorId: user.id,
      targetUserId: user.id,
      details: { sessionId: user.sessionId },
    });
    return { ended: 1 };
  }

  @Post('logout-all')
  @Authenticated()
  @AllowWithoutMfa()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign out everywhere',
    description: 'Ends every session of the user, this one included.',
  })
  @ApiEnvelope(SessionsEndedDto, { description: 'Signed out everywhere' })
  async logoutAll(
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) response: Response,
    @ClientContext() context: RequestContext,
  ): Promise<SessionsEnded> {
    const ended = await this.sessions.revokeAllForUser(user.id, 'logout_all');
    clearRefreshCookie(response);
    await this.audit.record({
      action: AuditAction.LogoutAll,
      outcome: 'success',
      context,
      actorId: user.id,
      targetUserId: user.id,
      details: { ended },
    });
    return { ended };
  }

  @Get('sessions')
  @Authenticated()
  @AllowWithoutMfa()
  @ApiOperation({ summary: 'My signed-in devices' })
  @ApiEnvelope(SessionViewDto, {
    description: 'Active sessions, most recently used first, one page',
    page: true,
  })
  @ApiErrors(400)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: PageQueryDto,
  ): Promise<Page<SessionView>> {
    return pageOf(await this.sessions.list(user), query);
  }

  @Delete('sessions/:id')
  @Authenticated()
  @AllowWithoutMfa()
  @ApiOperation({ summary: 'Sign out one of my devices' })
  @ApiEnvelope(SessionsEndedDto, { description: 'Session ended' })
  @ApiErrors(400, 404)
  async revokeOne(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @ClientContext() context: RequestContext,
  ): Promise<SessionsEnded> {
    await this.sessions.revokeOwn(user, id, context);
    return { ended: 1 };
  }
}
