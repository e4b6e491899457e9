import { ConfigValidationError } from '@poscalls4u/server-config';

import { WorkerConfigError, loadWorkerConfig } from './worker-config';

describe('loadWorkerConfig', () => {
  const env = { NODE_ENV: 'test', JWT_SECRET: 'test-secret-'.padEnd(40, 'x') };

  it('refuses to start without REDIS_URL, in one line', () => {
    expect(() => loadWorkerConfig(env)).toThrow(
      new WorkerConfigError(
        'The worker needs REDIS_URL; without Redis the API runs jobs in-process.',
      ),
    );
  });

  it('passes configuration errors through', () => {
    expect(() => loadWorkerConfig({ ...env, REDIS_URL: 'localhost' })).toThrow(
      ConfigValidationError,
    );
  });

  it('refuses to start without DATABASE_URL: PGlite cannot be shared with the API', () => {
    expect(() => loadWorkerConfig({ ...env, REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      new WorkerConfigError(
        'The worker needs DATABASE_URL (the PostgreSQL server the API uses); without Redis the API runs jobs in-process.',
      ),
    );
  });

  it('returns the configuration with Redis and PostgreSQL', () => {
    const config = loadWorkerConfig({
      ...env,
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/poscalls4u',
    });
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/poscalls4u');
  });
});
