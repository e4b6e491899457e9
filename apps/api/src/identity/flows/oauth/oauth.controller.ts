import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';

import { SessionResult } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { ApiEnvelope, ApiErrors } from '../../../platform/http';
import { ClientContext, RequestContext } from '../../../platform/http';
import { RateLimit } from '../../../platform/rate-limit';
import { Public } from '../../access/auth.decorators';
import { SessionResultDto } from '../sessions/dto/session.dto';
import { sessionResponse } from '../sessions/session-cookie';
import { OAuthProviderName } from './oauth-provider';
import { OAuthExchangeDto, OAuthStartQueryDto } from './oauth.dto';
import { OAUTH_STATE_SECONDS, OAuthService } from './oauth.service';

const START_DESCRIPTION =
  'Redirects to the provider (authorization code flow with state; Google also PKCE S256 and nonce). The state is bound to this browser by a short-lived signed HttpOnly cookie. 404 when the provider is not configured.';
const CALLBACK_DESCRIPTION =
  'Where the provider sends the browser back. Redirects to `<CLIENT_URL>/<console>/auth/callback?code=...` with a one-time code (60 s) for `POST auth/oauth/exchange`, or `?error=<message>`; never a token in a URL.';

@ApiTags('auth')
@Controller('auth')
export class OAuthController {
  constructor(
    private readonly oauth: OAuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('google')
  @Public()
  @ApiOperation({ summary: 'Sign in with Google', description: START_DESCRIPTION })
  @ApiQuery({ name: 'console', required: false, enum: ['agent', 'supervisor'] })
  @ApiResponse({ status: HttpStatus.FOUND, description: 'To Google' })
  @ApiErrors(400, 404)
  google(@Query() query: OAuthStartQueryDto, @Res() response: Response): Promise<void> {
    return this.start('google', query, response);
  }

  @Get('google/callback')
  @Public()
  @ApiOperation({ summary: 'Google comes back here', description: CALLBACK_DESCRIPTION })
  @ApiResponse({ status: HttpStatus.FOUND, description: 'To the console' })
  @ApiErrors(404)
  googleCallback(
    @Req() request: Request,
    @Res() response: Response,
    @ClientContext() context: RequestContext,
  ): Promise<void> {
    return this.finish('google', request, response, context);
  }

  @Get('facebook')
  @Public()
  @ApiOperation({ summary: 'Sign in with Facebook', description: START_DESCRIPTION })
  @ApiQuery({ name: 'console', required: false, enum: ['agent', 'supervisor'] })
  @ApiResponse({ status: HttpStatus.FOUND, description: 'To Facebook' })
  @ApiErrors(400, 404)
  facebook(@Query() query: OAuthStartQueryDto, @Res() response: Response): Promise<void> {
    return this.start('facebook', query, response);
  }

  @Get('facebook/callback')
  @Public()
  @ApiOperation({ summary: 'Facebook comes back here', description: CALLBACK_DESCRIPTION })
  @ApiResponse({ status: HttpStatus.FOUND, description: 'To the console' })
  @ApiErrors(404)
  facebookCallback(
    @Req() request: Request,
    @Res() response: Response,
    @ClientContext() context: RequestContext,
  ): Promise<void> {
    return this.finish('facebook', request, response, context);
  }

  @Post('oauth/exchange')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange the one-time code of a social sign-in',
    description:
      'Single use, valid 60 s. Answers the session, or 401 `MFA_REQUIRED` with `error.mfa` (complete with `POST auth/mfa/verify`) when the account has two-factor authentication.',
  })
  @ApiEnvelope(SessionResultDto, { description: 'Signed in' })
  @ApiErrors(400, 401, 429)
  async exchange(
    @Body() body: OAuthExchangeDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @ClientContext() context: RequestContext,
  ): Promise<SessionResult> {
    const issued = await this.oauth.exchange(body.code, context);
    return sessionResponse(issued, request, response, this.config.auth.sessionMaxLifetimeSeconds);
  }

  private async start(
    provider: OAuthProviderName,
    query: OAuthStartQueryDto,
    response: Response,
  ): Promise<void> {
    const { location, stateCookie } = await this.oauth.start(provider, query.console ?? 'agent');
    response.cookie(this.cookieName, stateCookie, {
      ...this.cookieOptions,
      maxAge: OAUTH_STATE_SECONDS * 1000,
    });
    response.setHeader('cache-control', 'no-store');
    response.redirect(HttpStatus.FOUND, location);
  }

  private async finish(
    provider: OAuthProviderName,
    request: Request,
    response: Response,
    context: RequestContext,
  ): Promise<void> {
    const cookies = (request as Request & { cookies?: Record<string, string> }).cookies;
    const query = new URL(request.originalUrl, 'http://callback.invalid').searchParams;
    const location = await this.oauth.callback(
      provider,
      query,
      cookies?.[this.cookieName],
      context,
    );
    // One round trip per cookie: whatever happened, it is spent.
    response.clearCookie(this.cookieName, this.cookieOptions);
    response.setHeader('cache-control', 'no-store');
    response.setHeader('referrer-policy', 'no-referrer');
    response.redirect(HttpStatus.FOUND, location);
  }

  /** Secure deployments (https CLIENT_URL or production) get the `__Host-` prefix and `Secure`. */
  private get secure(): boolean {
    return this.config.isProduction || this.config.publicUrl.startsWith('https://');
  }

  private get cookieName(): string {
    return this.secure ? '__Host-poscalls4u-oauth' : 'poscalls4u-oauth';
  }

  /** SameSite=Lax: the provider's top-level redirect back must carry it; Path=/ for `__Host-`. */
  private get cookieOptions(): CookieOptions {
    return { httpOnly: true, secure: this.secure, sameSite: 'lax', path: '/' };
  }
}
