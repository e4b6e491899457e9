import { Module } from '@nestjs/common';

import { StoresModule } from '../../stores/stores.module';
import { AccountModule } from '../account/account.module';
import { SessionsModule } from '../sessions/sessions.module';
import { MfaController } from './mfa.controller';
import { MfaService } from './mfa.service';

/**
 * TOTP enrolment and the second step of sign-in. Exports `MfaService` for the sign-in paths
 * (password and OAuth) to issue challenges. `AccountModule` gives the lockout and the password
 * check (it does not import this module, so there is no cycle).
 */
@Module({
  imports: [StoresModule, SessionsModule, AccountModule],
  controllers: [MfaController],
  providers: [MfaService],
  exports: [MfaService],
})
export class MfaModule {}
