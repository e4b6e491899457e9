import { Module } from '@nestjs/common';

import { OutboxModule } from '../../../platform/outbox';
import { StoresModule } from '../../stores/stores.module';
import { LockoutService } from './lockout.service';

/** The lockout after repeated failed sign-ins, shared by the password, MFA and OAuth paths. */
@Module({
  imports: [StoresModule, OutboxModule],
  providers: [LockoutService],
  exports: [LockoutService],
})
export class LockoutModule {}
