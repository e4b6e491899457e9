import { randomBytes } from 'node:crypto';

import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const STRICT = {
  RATE_LIMIT_GLOBAL_PER_MINUTE: '20',
  RATE_LIMIT_AUTH_PER_MINUTE: '3',
  RATE_LIMIT_REFRESH_PER_MINUTE: '2',
};

const signInBody = { email: 'nobody@example.com', password: 'some-password-1' };

function expectRateLimited(response: Awaited<ReturnType<ReturnType<typeof apiClient>>>) {
  expect(response.status).toBe(429);
  expect(response.body).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe.each(DATABASES)('rate limits in memory on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    api = await startTestApi(kind, STRICT);
    call = apiClient(api.baseUrl);
  });
  afterAll(() => api.close());

  it('limits sign-in per client address: 429 RATE_LIMITED with Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await call('POST', '/api/auth/login', { body: signInBody })).status).toBe(401);
    }
    expectRateLimited(await call('POST', '/api/auth/login', { body: signInBody }));
  });

  it('does not let a rotating X-Forwarded-For escape the limit (no trusted proxy)', async () => {
    // Its own instance: the auth allowance is per client address across routes, and the
    // sign-in test above has spent this client's.
    const fresh = await startTestApi(kind, STRICT);
    const freshCall = apiClient(fresh.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await freshCall('POST', '/api/auth/forgot-password', {
        body: { email: 'someone@example.com' },
        headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
      });
      statuses.push(response.status);
    }
    await fresh.close();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('limits refresh with its own limit', async () => {
    const refresh = () =>
      call('POST', '/api/auth/refresh', { body: { refreshToken: 'not-a-real-token' } });
    expect((await refresh()).status).toBe(401);
    expect((await refresh()).status).toBe(401);
    expectRateLimited(await refresh());
  });

  it('limits every route with the global limit, but not the health probes', async () => {
    let last = await call('GET', '/api/auth/providers');
    for (let i = 0; i < 25 && last.status !== 429; i++)
      last = await call('GET', '/api/auth/providers');
    expectRateLimited(last);
    for (let i = 0; i < 25; i++) expect((await call('GET', '/health')).status).toBe(200);
  });
});

describe('rate limits behind a trusted proxy', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('pglite', { ...STRICT, TRUST_PROXY: 'loopback' });
  });
  afterAll(() => api.close());

  it('counts each forwarded client on its own', async () => {
    const call = apiClient(api.baseUrl);
    for (const client of ['198.51.100.1', '198.51.100.2']) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await call('POST', '/api/auth/forgot-password', {
          body: { email: 'someone@example.com' },
          headers: { 'x-forwarded-for': client },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    }
  });
});

const redisUrl = process.env.REDIS_URL;
const describeWithRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) process.stderr.write('Redis rate-limit suite skipped: REDIS_URL is not set.\n');

describeWithRedis('rate limits in Redis shared by two API instances (needs REDIS_URL)', () => {
  let first: TestApi;
  let second: TestApi;

  beforeAll(async () => {
    const env = {
      ...STRICT,
      REDIS_URL: redisUrl as string,
      QUEUE_PREFIX: `test-${randomBytes(6).toString('hex')}`,
    };
    first = await startTestApi('pglite', env);
    second = await startTestApi('pglite', env);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('counts the requests to both instances together', async () => {
    const callFirst = apiClient(first.baseUrl);
    const callSecond = apiClient(second.baseUrl);
    expect((await callFirst('POST', '/api/auth/login', { body: signInBody })).status).toBe(401);
    expect((await callSecond('POST', '/api/auth/login', { body: signInBody })).status).toBe(401);
    expect((await callFirst('POST', '/api/auth/login', { body: signInBody })).status).toBe(401);
    expectRateLimited(await callSecond('POST', '/api/auth/login', { body: signInBody }));
    expectRateLimited(await callFirst('POST', '/api/auth/login', { body: signInBody }));
  });
});

describe('rate limits when Redis is unreachable', () => {
  let api: TestApi;
  beforeAll(async () => {
    // Nothing listens on port 1: the limits cannot be counted.
    api = await startTestApi('pglite', {
      ...STRICT,
      REDIS_URL: 'redis://127.0.0.1:1',
      QUEUE_PREFIX: 'test-unreachable-limits',
    });
  });
  afterAll(() => api.close());

  it('keeps the same limits, counted in memory: never unlimited, never refused for nothing', async () => {
    const call = apiClient(api.baseUrl);
    for (let i = 0; i < 3; i++) {
      expect((await call('POST', '/api/auth/login', { body: signInBody })).status).toBe(401);
    }
    expectRateLimited(await call('POST', '/api/auth/login', { body: signInBody }));
  });
});
