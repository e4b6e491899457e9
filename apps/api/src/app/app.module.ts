import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';

import { AppConfig, AppConfigModule } from '@poscalls4u/server-config';
import { DatabaseModule } from '@poscalls4u/server-database';
import { JobsModule } from '@poscalls4u/server-jobs';
import { MailModule } from '@poscalls4u/server-mail';

import { CallDirectory, CallsModule } from '../calls';
import { ChatModule } from '../chat';
import { IdentityModule } from '../identity';
import { NotificationsModule } from '../notifications';
import { AuditModule } from '../platform/audit';
import { DomainEventsModule } from '../platform/events';
import { DependencyHealthModule } from '../platform/health';
import { EnvelopeInterceptor } from '../platform/http';
import { HttpExceptionFilter } from '../platform/http';
import { createValidationPipe } from '../platform/http';
import { LoggingModule } from '../platform/logging';
import { MetricsModule } from '../platform/metrics';
import { OutboxModule } from '../platform/outbox';
import { RateLimitModule } from '../platform/rate-limit';
import { OrganizationSettingsModule } from '../platform/settings';
import { PresenceModule } from '../presence';
import { RealtimeModule } from '../realtime';
import { StatsModule } from '../stats';
import { TeamsModule } from '../teams';
import { WorkforceModule } from '../workforce';
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
        DatabaseModule.forRoot({ ...config.database, migrationsFolder }),
        DependencyHealthModule,
        MetricsModule,
        JobsModule.forRoot({ processJobs: processJobsInProcess }),
        MailModule,
        AuditModule,
        OutboxModule,
        OrganizationSettingsModule,
        // Before IdentityModule: its guard runs first, so refused tokens count toward the limits.
        RateLimitModule,
        IdentityModule,
        TeamsModule,
        PresenceModule,
        HealthModule,
        RealtimeModule,
        CallsModule,
        // Before StatsModule: GET /api/stats/teams/compare must match before /api/stats/teams/:id.
        WorkforceModule,
        StatsModule,
        NotificationsModule,
        // Chat asks calls one question ("Ask a supervisor"); the root binds it, chat never imports calls.
        ChatModule.forRoot({
          callLookup: { imports: [CallsModule], useExisting: CallDirectory },
        }),
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
