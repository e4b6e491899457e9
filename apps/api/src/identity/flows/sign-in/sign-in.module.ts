import { Module } from '@nestjs/common';

import { OutboxModule } from '../../../platform/outbox';
import { StoresModule } from '../../stores/stores.module';
import { AccountModule } from '../account/account.module';
import { LockoutModule } from '../lockout/lockout.module';
import { MfaModule } from '../mfa/mfa.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';

/** Sign-up, sign-in with email and password (and its MFA step), the profile. */
@Module({
  imports: [StoresModule, OutboxModule, SessionsModule, LockoutModule, AccountModule, MfaModule],
  controllers: [AuthController],
  providers: [AuthService],
})
export class SignInModule {}
