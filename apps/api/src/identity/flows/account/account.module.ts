import { Module } from '@nestjs/common';

import { OutboxModule } from '../../../platform/outbox';
import { OneTimeTokensService } from '../../stores/credentials/one-time-tokens.service';
import { PasswordPolicyService } from '../../stores/credentials/password-policy.service';
import { PasswordService } from '../../stores/credentials/password.service';
import { StoresModule } from '../../stores/stores.module';
import { SessionsModule } from '../sessions/sessions.module';
import { LockoutService } from '../sign-in/lockout.service';
import { AccountController } from './account.controller';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';

/**
 * The account flows around sign-in (verification, reset, change of password, profile), the
 * lockout and the password policy. `AuthModule` imports it and passes its exports on, so that
 * other features (MFA, OAuth, users admin) reach `LockoutService` and `PasswordService` there.
 */
@Module({
  imports: [StoresModule, OutboxModule, SessionsModule],
  controllers: [AccountController],
  providers: [
    AccountRepository,
    AccountService,
    LockoutService,
    OneTimeTokensService,
    PasswordPolicyService,
    PasswordService,
  ],
  exports: [AccountService, LockoutService, PasswordPolicyService, PasswordService],
})
export class AccountModule {}
