import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { OutboxModule } from '../platform/outbox';
import { AuthenticationGuard } from './access/authentication.guard';
import { AccountModule } from './flows/account/account.module';
import { MfaModule } from './flows/mfa/mfa.module';
import { SessionsModule } from './flows/sessions/sessions.module';
import { AuthController } from './flows/sign-in/auth.controller';
import { AuthService } from './flows/sign-in/auth.service';
import { UsersModule } from './stores/users/users.module';

@Module({
  imports: [UsersModule, OutboxModule, SessionsModule, AccountModule, MfaModule],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthenticationGuard }],
  // PasswordService and LockoutService come from AccountModule, passed on to importers.
  exports: [AccountModule],
})
export class AuthModule {}
