import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuthResult, ProfileResult } from '@poscalls4u/contracts';

import { ApiEnvelope, ApiErrors } from '../common/api-envelope';
import { AuthUser } from './auth-user';
import { Authenticated, CurrentUser, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { AuthResultDto, ProfileResultDto } from './dto/auth-result.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @Public()
  @ApiOperation({
    summary: 'Sign up',
    description:
      'Creates an agent account (the first account of an empty system becomes admin) and sends a welcome email.',
  })
  @ApiEnvelope(AuthResultDto, {
    status: HttpStatus.CREATED,
    description: 'Signed up and signed in',
  })
  @ApiErrors(400, 403, 409, 413)
  register(@Body() body: RegisterDto): Promise<AuthResult> {
    return this.auth.register(body);
  }

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiEnvelope(AuthResultDto, { description: 'Signed in' })
  @ApiErrors(400, 401)
  login(@Body() body: LoginDto): Promise<AuthResult> {
    return this.auth.login(body);
  }

  @Get('profile')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiEnvelope(ProfileResultDto, { description: 'The signed-in user' })
  profile(@CurrentUser() user: AuthUser): Promise<ProfileResult> {
    return this.auth.profile(user);
  }
}
