import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';

import { AppConfig, AppConfigModule } from '@poscalls4u/server-config';
import { DatabaseModule } from '@poscalls4u/server-database';
import { JobsModule } from '@poscalls4u/server-jobs';
import { MailModule } from '@poscalls4u/server-mail';

import { CallsModule } from '../calls/calls.module';
import { IntegrationsModule } from '../calls/telephony/integrations.module';
import { UsersAdminModule } from '../identity/flows/admin/users-admin.module';
import { MfaModule } from '../identity/flows/mfa/mfa.module';
import { OAuthModule } from '../identity/flows/oauth/oauth.module';
import { SettingsModule } from '../identity/flows/security-settings/settings.module';
import { AuthModule } from '../identity/identity.module';
import { UsersModule } from '../identity/stores/users/users.module';
import { AuditModule } from '../platform/audit/audit.module';
import { DomainEventsModule } from '../platform/events';
import { EnvelopeInterceptor } from '../platform/http/envelope.interceptor';
import { HttpExceptionFilter } from '../platform/http/http-exception.filter';
import { createValidationPipe } from '../platform/http/validation';
import { LoggingModule } from '../platform/logging/logging.module';
import { OutboxModule } from '../platform/outbox/outbox.module';
import { RateLimitModule } from '../platform/rate-limit/rate-limit.module';
import { OrganizationSettingsModule } from '../platform/settings/organization-settings.module';
import { PresenceModule } from '../presence/presence.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { StatsModule } from '../stats/stats.module';
import { TeamsModule } from '../teams/teams.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** Folder of the SQL migrations (next to the bundle in a build, in the source tree in tests). */
  migrationsFolder: string;
}

/**
 * The API's root module. The configuration is validated before this is built, so every module
 * below can rely on it. Without Redis the API also runs the job processors in-process.
 */
@Module({})
export class AppModule {
  static forRoot({ config, migrationsFolder }: AppModuleOptions): DynamicModule {
    const processJobsInProcess = !config.redis.url;
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        DomainEventsModule,
        DatabaseModule.forRoot({
          url: config.database.url,
          pgliteDir: config.database.pgliteDir,
          migrationsFolder,
        }),
        JobsModule.forRoot({ processJobs: processJobsInProcess }),
        MailModule,
        AuditModule,
        OutboxModule,
        UsersModule,
        UsersAdminModule,
        SettingsModule,
        OrganizationSettingsModule,
        // Before AuthModule: its guard runs first, so refused tokens count toward the limits too.
        RateLimitModule,
        AuthModule,
        MfaModule,
        OAuthModule,
        TeamsModule,
        PresenceModule,
        IntegrationsModule,
        HealthModule,
        RealtimeModule,
        CallsModule,
        StatsModule,
        DemoModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
