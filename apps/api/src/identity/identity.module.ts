import { Module } from '@nestjs/common';

import { OutboxModule } from '../platform/outbox';
import { AccessModule } from './access/access.module';
import { AccountModule } from './flows/account/account.module';
import { MfaModule } from './flows/mfa/mfa.module';
import { SessionsModule } from './flows/sessions/sessions.module';
import { AuthController } from './flows/sign-in/auth.controller';
import { AuthService } from './flows/sign-in/auth.service';
import { SessionsRepository } from './stores/sessions/sessions.repository';
import { StoresModule } from './stores/stores.module';
import { UsersService } from './stores/users/users.service';

@Module({
  imports: [
    // The ports of access, implemented by the stores: wired here, at the top.
    AccessModule.forRoot({
      imports: [StoresModule],
      activePrincipals: SessionsRepository,
      userDirectory: UsersService,
    }),
    StoresModule,
    OutboxModule,
    SessionsModule,
    AccountModule,
    MfaModule,
  ],
  controllers: [AuthController],
  providers: [AuthService],
})
export class AuthModule {}
