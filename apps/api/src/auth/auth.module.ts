import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AccountModule } from '../account/account.module';
import { MfaModule } from '../mfa/mfa.module';
import { OutboxModule } from '../outbox/outbox.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';

@Module({
  imports: [UsersModule, OutboxModule, SessionsModule, AccountModule, MfaModule],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthenticationGuard }],
  // PasswordService and LockoutService come from AccountModule, passed on to importers.
  exports: [AccountModule],
})
export class AuthModule {}
