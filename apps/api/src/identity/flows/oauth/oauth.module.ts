import { Module } from '@nestjs/common';

import { StoresModule } from '../../stores/stores.module';
import { LockoutModule } from '../lockout/lockout.module';
import { MfaModule } from '../mfa/mfa.module';
import { SessionsModule } from '../sessions/sessions.module';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';

/** Sign-in with Google and Facebook; each provider is on only when its keys are configured. */
@Module({
  imports: [StoresModule, SessionsModule, LockoutModule, MfaModule],
  controllers: [OAuthController],
  providers: [OAuthService],
})
export class OAuthModule {}
