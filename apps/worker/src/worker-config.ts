import { AppConfig, loadAppConfig } from '@poscalls4u/server-config';

/** Raised when the configuration is valid for the platform but not enough for the worker. */
export class WorkerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerConfigError';
  }
}

/** Loads the shared configuration and checks what the worker needs on top of it. */
export function loadWorkerConfig(env: Record<string, string | undefined>): AppConfig {
  const config = loadAppConfig(env);
  if (!config.redis.url) {
    throw new WorkerConfigError(
      'The worker needs REDIS_URL; without Redis the API runs jobs in-process.',
    );
  }
  // The webhook job reads the integrations table. The embedded PGlite belongs to the API process
  // (one process per data folder), so the worker needs the PostgreSQL server the API uses.
  if (!config.database.url) {
    throw new WorkerConfigError(
      'The worker needs DATABASE_URL (the PostgreSQL server the API uses); without Redis the API runs jobs in-process.',
    );
  }
  return config;
}
