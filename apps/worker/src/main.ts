import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { AppConfig, ConfigValidationError } from '@poscalls4u/server-config';

import { WorkerConfigError, loadWorkerConfig } from './worker-config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadWorkerConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError || error instanceof WorkerConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    // Start-up errors (e.g. a job without a handler) reach the catch below instead of aborting.
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // On SIGTERM/SIGINT Nest closes the modules: the workers finish their running jobs, or cancel
  // them for a retry after 80 % of SHUTDOWN_TIMEOUT (libs/server/jobs). Should closing still hang
  // (Redis or the database unreachable), the process exits anyway at SHUTDOWN_TIMEOUT.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        logger.error(`Still closing after ${config.http.shutdownTimeoutMs} ms: exiting`, 'Worker');
        process.exit(1);
      }, config.http.shutdownTimeoutMs).unref();
    });
  }
  for (const warning of config.warnings) logger.warn(warning, 'Config');
  logger.log(`Worker started (queue prefix "${config.redis.queuePrefix}")`, 'Worker');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
