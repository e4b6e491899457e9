import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { JobHandlerRegistry } from './job-handler-registry';
import { JobMetrics } from './job-metrics';
import { JOBS_MODULE_OPTIONS, JobQueue, JobsModuleOptions } from './job-queue';

/**
 * Import once, in the application's root module. Global, so any feature module can inject
 * `JobQueue` (and `JobMetrics`, which the worker serves to Prometheus). Reads Redis settings from the global `APP_CONFIG` (AppConfigModule.forRoot).
 */
@Module({})
export class JobsModule {
  static forRoot(options: JobsModuleOptions): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: JOBS_MODULE_OPTIONS, useValue: options },
        JobHandlerRegistry,
        JobMetrics,
        JobQueue,
      ],
      exports: [JobQueue, JobMetrics],
    };
  }
}
