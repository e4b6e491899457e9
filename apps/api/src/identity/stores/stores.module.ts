import { Module } from '@nestjs/common';

import { OneTimeTokensRepository } from './credentials/one-time-tokens.repository';
import { OneTimeTokensService } from './credentials/one-time-tokens.service';
import { PasswordPolicyService } from './credentials/password-policy.service';
import { PasswordService } from './credentials/password.service';
import { MfaRepository } from './mfa/mfa.repository';
import { OAuthRepository } from './oauth/oauth.repository';
import { SessionsRepository } from './sessions/sessions.repository';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/**
 * The stores of identity, each the one owner of its tables: users, sessions and refresh
 * tokens, credentials and one-time tokens, MFA secrets and recovery codes, OAuth links. The
 * flows above orchestrate them; a store never calls another.
 */
@Module({
  providers: [
    MfaRepository,
    OAuthRepository,
    OneTimeTokensRepository,
    OneTimeTokensService,
    PasswordPolicyService,
    PasswordService,
    SessionsRepository,
    UsersRepository,
    UsersService,
  ],
  exports: [
    MfaRepository,
    OAuthRepository,
    OneTimeTokensService,
    PasswordPolicyService,
    PasswordService,
    SessionsRepository,
    UsersService,
  ],
})
export class StoresModule {}
