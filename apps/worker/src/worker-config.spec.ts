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

  it('returns the configuration with Redis', () => {
    expect(loadWorkerConfig({ ...env, REDIS_URL: 'redis://127.0.0.1:6379' }).redis.url).toBe(
      'redis://127.0.0.1:6379',
    );
  });
});
