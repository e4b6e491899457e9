import { Module } from '@nestjs/common';

import { AccessModule } from './access/access.module';
import { AccountModule } from './flows/account/account.module';
import { UsersAdminModule } from './flows/admin/users-admin.module';
import { MfaModule } from './flows/mfa/mfa.module';
import { OAuthModule } from './flows/oauth/oauth.module';
import { SettingsModule } from './flows/security-settings/settings.module';
import { SessionsModule } from './flows/sessions/sessions.module';
import { SignInModule } from './flows/sign-in/sign-in.module';
import { SessionsRepository } from './stores/sessions/sessions.repository';
import { StoresModule } from './stores/stores.module';
import { UsersService } from './stores/users/users.service';

/**
 * Identity, the one module the composition root imports: access at the bottom (global: the
 * authentication guard, access tokens, the session check), the stores in the middle, the flows
 * on top. Access declares the ports it needs and the stores implement them; they are wired
 * here, at the top, so that nothing in access imports what is above it.
 */
@Module({
  imports: [
    AccessModule.forRoot({
      imports: [StoresModule],
      activePrincipals: SessionsRepository,
      userDirectory: UsersService,
    }),
    SignInModule,
    SessionsModule,
    AccountModule,
    MfaModule,
    OAuthModule,
    UsersAdminModule,
    SettingsModule,
  ],
})
export class IdentityModule {}
