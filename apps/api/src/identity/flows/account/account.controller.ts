import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuthProvidersResult, MessageResult, ProfileResult } from '@poscalls4u/contracts';

import { ApiEnvelope, ApiErrors } from '../../../platform/http';
import { ClientContext, RequestContext } from '../../../platform/http';
import { RateLimit } from '../../../platform/rate-limit';
import { AuthUser } from '../../access/auth-user';
import { Authenticated, CurrentUser, Public } from '../../access/auth.decorators';
import { ProfileResultDto } from '../sign-in/dto/auth-result.dto';
import { AccountService } from './account.service';
import { AuthProvidersResultDto, MessageResultDto } from './dto/account-result.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { ForgotPasswordDto, ResendVerificationDto } from './dto/email-only.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { VerifyEmailDto } from './dto/verify-email.dto';

@ApiTags('auth')
@Controller('auth')
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Post('verify-email')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Confirm an email address',
    description:
      'Uses the single-use token of the verification email (24 h). Sends the welcome email.',
  })
  @ApiEnvelope(MessageResultDto, { description: 'The address is confirmed' })
  @ApiErrors(400, 429)
  verifyEmail(
    @Body() body: VerifyEmailDto,
    @ClientContext() context: RequestContext,
  ): Promise<MessageResult> {
    return this.account.verifyEmail(body.token, context);
  }

  @Post('resend-verification')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Send the verification email again',
    description:
      'Always the same answer; a new link (the older ones stop working) goes only to an existing account that is not yet verified.',
  })
  @ApiEnvelope(MessageResultDto, { description: 'Accepted' })
  @ApiErrors(400, 429)
  resendVerification(@Body() body: ResendVerificationDto): MessageResult {
    return this.account.resendVerification(body.email);
  }

  @Post('forgot-password')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Ask for a password reset link',
    description:
      'Always the same answer after the same time; a single-use link (1 h) goes only to an existing account.',
  })
  @ApiEnvelope(MessageResultDto, { description: 'Accepted' })
  @ApiErrors(400, 429)
  forgotPassword(
    @Body() body: ForgotPasswordDto,
    @ClientContext() context: RequestContext,
  ): MessageResult {
    return this.account.forgotPassword(body.email, context);
  }

  @Post('reset-password')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Set a new password with a reset or invitation token',
    description:
      'Confirms the email, ends a lockout and signs the account out everywhere. The token is single use.',
  })
  @ApiEnvelope(MessageResultDto, { description: 'The password is set' })
  @ApiErrors(400, 429)
  resetPassword(
    @Body() body: ResetPasswordDto,
    @ClientContext() context: RequestContext,
  ): Promise<MessageResult> {
    return this.account.resetPassword(body, context);
  }

  @Post('change-password')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Change the password',
    description: 'Needs the current password; keeps this session and ends every other.',
  })
  @ApiEnvelope(MessageResultDto, { description: 'The password is changed' })
  @ApiErrors(400)
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @ClientContext() context: RequestContext,
  ): Promise<MessageResult> {
    return this.account.changePassword(user, body, context);
  }

  @Patch('profile')
  @Authenticated()
  @ApiOperation({ summary: 'Change the name or avatar of the signed-in user' })
  @ApiEnvelope(ProfileResultDto, { description: 'The updated user' })
  @ApiErrors(400)
  updateProfile(
    @CurrentUser() user: AuthUser,
    @Body() body: UpdateProfileDto,
  ): Promise<ProfileResult> {
    return this.account.updateProfile(user, body);
  }

  @Get('providers')
  @Public()
  @ApiOperation({
    summary: 'The sign-in methods this server offers, and the password length rules',
  })
  @ApiEnvelope(AuthProvidersResultDto, { description: 'Sign-in methods' })
  providers(): AuthProvidersResult {
    return this.account.providers();
  }
}
