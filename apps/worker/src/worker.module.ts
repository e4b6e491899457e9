import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { AppConfig, AppConfigModule } from '@poscalls4u/server-config';
import { ChatRetentionModule, DatabaseModule } from '@poscalls4u/server-database';
import { IntegrationWebhooksModule } from '@poscalls4u/server-integrations';
import { JobsModule } from '@poscalls4u/server-jobs';
import { MailModule } from '@poscalls4u/server-mail';

import { loggerParams } from './logger';
import { WorkerMetricsServer } from './metrics-server';

/**
 * The worker process: no HTTP, only the BullMQ workers. Every module that declares job
 * handlers is imported here; the jobs module refuses to start if one is missing.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        // The API applies the migrations; the worker only reads and writes what they created.
        DatabaseModule.forRoot({
          ...config.database,
          migrationsFolder: '',
          runMigrations: false,
        }),
        MailModule,
        IntegrationWebhooksModule,
        ChatRetentionModule,
        JobsModule.forRoot({ processJobs: true }),
      ],
      providers: [WorkerMetricsServer],
    };
  }
}
