import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

import { OwnRedis, startOwnRedis } from './support/own-redis';
import { TestApi, apiClient, startTestApi } from './support/test-api';

const AUTH_PER_MINUTE = 4;

/**
 * Redis stopped under the API, then started again: the instance keeps serving sign-in, profile
 * and teams; the rate limits stay enforced, counted in memory; readiness reports Redis degraded
 * (200) rather than down; a revoked session stays revoked; the limits return to Redis when it is
 * back. The redis-server is the test's own, on another port.
 */
describe('Redis going away', () => {
  let redis: OwnRedis;
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  const prefix = `redis_outage_${randomBytes(4).toString('hex')}`;
  const warn = jest.spyOn(Logger.prototype, 'warn');
  const log = jest.spyOn(Logger.prototype, 'log');
  const logged = (spy: jest.SpyInstance, pattern: RegExp) =>
    spy.mock.calls.filter(([message]) => typeof message === 'string' && pattern.test(message))
      .length;

  beforeAll(async () => {
    redis = await startOwnRedis();
    api = await startTestApi('pglite', {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      DEMO_SEED: 'true',
      RATE_LIMIT_AUTH_PER_MINUTE: String(AUTH_PER_MINUTE),
    });
    call = apiClient(api.baseUrl);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await redis?.stop();
    jest.restoreAllMocks();
  });

  const signIn = () =>
    call('POST', '/api/auth/login', {
      body: { email: 'admin@poscalls4u.test', password: 'poscalls4u-demo' },
    });

  async function rateLimitKeys(): Promise<number> {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      return (await client.keys(`${prefix}:rate-limit:*`)).length;
    } finally {
      client.disconnect();
    }
  }

  it('keeps serving with the same limits in memory, reports Redis degraded, and returns to Redis', async () => {
    const first = await signIn();
    expect(first.status).toBe(200);
    expect(await rateLimitKeys()).toBeGreaterThan(0);

    await redis.stop();
    // The same limits, counted afresh on this instance: AUTH_PER_MINUTE sign-ins, then 429.
    const tokens: string[] = [];
    for (let i = 0; i < AUTH_PER_MINUTE; i++) {
      const answer = await signIn();
      expect(answer.status).toBe(200);
      tokens.push(answer.body.data.token);
    }
    const limited = await signIn();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(logged(warn, /rate limits are counted in memory/)).toBe(1);

    const [token, revoked] = tokens as [string, string];
    expect((await call('GET', '/api/auth/profile', { token })).status).toBe(200);
    expect((await call('GET', '/api/teams', { token })).status).toBe(200);
    const ready = await call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'degraded',
      details: { database: { status: 'up' }, redis: { status: 'degraded' } },
    });

    // Revocation fails closed: with no Redis to hear revocations on, nothing is served from cache.
    expect((await call('GET', '/api/auth/profile', { token: revoked })).status).toBe(200);
    expect((await call('POST', '/api/auth/logout', { token: revoked })).status).toBeLessThan(300);
    expect((await call('GET', '/api/auth/profile', { token: revoked })).status).toBe(401);

    await redis.start();
    const deadline = Date.now() + 15_000;
    while ((await call('GET', '/health/ready')).body.status !== 'ok') {
      if (Date.now() > deadline) throw new Error('Readiness did not return to ok');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Back to Redis: the (empty, restarted) Redis counts again.
    expect(await rateLimitKeys()).toBe(0);
    await waitFor(() => logged(log, /rate limits are shared again/) === 1);
    expect((await call('GET', '/api/auth/profile', { token })).status).toBe(200);
    expect(await rateLimitKeys()).toBeGreaterThan(0);
    expect(logged(warn, /rate limits are counted in memory/)).toBe(1);
  }, 40_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
