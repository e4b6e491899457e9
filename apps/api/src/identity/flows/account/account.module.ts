import { Module } from '@nestjs/common';

import { OutboxModule } from '../../../platform/outbox';
import { StoresModule } from '../../stores/stores.module';
import { SessionsModule } from '../sessions/sessions.module';
import { LockoutService } from '../sign-in/lockout.service';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';

/**
 * The account flows around sign-in (verification, reset, change of password, profile) and the
 * lockout, which MFA and OAuth reach here.
 */
@Module({
  imports: [StoresModule, OutboxModule, SessionsModule],
  controllers: [AccountController],
  providers: [AccountService, LockoutService],
  exports: [AccountService, LockoutService],
})
export class AccountModule {}
