import { Module } from '@nestjs/common';

import { OutboxModule } from '../../../platform/outbox';
import { StoresModule } from '../../stores/stores.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';

/** The account flows around sign-in: email verification, password reset and change, profile. */
@Module({
  imports: [StoresModule, OutboxModule, SessionsModule],
  controllers: [AccountController],
  providers: [AccountService],
  exports: [AccountService],
})
export class AccountModule {}
