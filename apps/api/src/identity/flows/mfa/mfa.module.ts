import { Module } from '@nestjs/common';

import { StoresModule } from '../../stores/stores.module';
import { LockoutModule } from '../lockout/lockout.module';
import { SessionsModule } from '../sessions/sessions.module';
import { MfaController } from './mfa.controller';
import { MfaService } from './mfa.service';

/**
 * TOTP enrolment and the second step of sign-in. Exports `MfaService` for the sign-in paths
 * (password and OAuth) to issue challenges.
 */
@Module({
  imports: [StoresModule, SessionsModule, LockoutModule],
  controllers: [MfaController],
  providers: [MfaService],
  exports: [MfaService],
})
export class MfaModule {}
