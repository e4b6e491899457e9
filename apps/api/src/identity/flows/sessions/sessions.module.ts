import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { SessionCache } from '../../access/session-cache';
import { TokenService } from '../../access/token.service';
import { SessionsRepository } from '../../stores/sessions/sessions.repository';
import { UsersModule } from '../../stores/users/users.module';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: {
          algorithm: 'HS256',
          issuer: config.auth.jwtIssuer,
          audience: config.auth.jwtAudience,
        },
        verifyOptions: {
          algorithms: ['HS256'],
          issuer: config.auth.jwtIssuer,
          audience: config.auth.jwtAudience,
        },
      }),
    }),
  ],
  controllers: [SessionsController],
  providers: [SessionsRepository, SessionsService, SessionCache, TokenService],
  exports: [SessionsService, TokenService, JwtModule],
})
export class SessionsModule {}
