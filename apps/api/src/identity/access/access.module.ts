import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { OrganizationSettingsModule } from '../../platform/settings';
import { ActivePrincipals } from './active-principals';
import { AuthenticationGuard } from './authentication.guard';
import { SecurityPolicy } from './security-policy';
import { SessionCache } from './session-cache';
import { SessionCheck } from './session-check';
import { TokenService } from './token.service';
import { UserDirectory } from './user-directory';

export interface AccessModuleOptions {
  /** The modules that export the implementations of the ports below. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** Implements `ActivePrincipals` (the sessions store). */
  activePrincipals: Type<ActivePrincipals>;
  /** Implements `UserDirectory` (the users store). */
  userDirectory: Type<UserDirectory>;
}

/**
 * The bottom of identity: the one global authentication guard, access tokens (and the JWT
 * signer the flows use for their own short-lived tokens), the session check and the security
 * policy. Its ports are declared here and implemented above it, by the stores: the top of
 * identity passes the implementations in, so nothing here imports them. Global, so that every
 * area can inject `TokenService`, `SessionCheck` and `UserDirectory` without importing identity.
 */
@Module({})
export class AccessModule {
  static forRoot(options: AccessModuleOptions): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      imports: [
        ...options.imports,
        OrganizationSettingsModule,
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
      providers: [
        { provide: ActivePrincipals, useExisting: options.activePrincipals },
        { provide: UserDirectory, useExisting: options.userDirectory },
        SessionCache,
        SessionCheck,
        SecurityPolicy,
        TokenService,
        { provide: APP_GUARD, useClass: AuthenticationGuard },
      ],
      exports: [JwtModule, SecurityPolicy, SessionCheck, TokenService, UserDirectory],
    };
  }
}
